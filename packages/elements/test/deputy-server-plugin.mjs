// A web-test-runner plugin that starts a real Deputy server for the run (demo seed, temporary store
// and outbox, test clock) and answers the browser's server commands: where the server is, embed
// tokens minted with a demo API key, and the codes in the outbox.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDeputyServer } from '../scripts/deputy-server.mjs';

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function deputyServer() {
  let server;
  let dir;
  return {
    name: 'deputy-server',
    async serverStart() {
      dir = mkdtempSync(join(tmpdir(), 'deputy-elements-'));
      server = await startDeputyServer({ data: join(dir, 'db.json'), outbox: join(dir, 'outbox'), port: await freePort(), testClock: true });
    },
    async serverStop() {
      await server?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (command === 'deputy-api') return server.api;
      if (command === 'deputy-embed-token') {
        const { partner, user, origin } = payload;
        const response = await fetch(`${server.api}/api/embed-tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer demo-key-${partner}`, 'content-type': 'application/json' },
          body: JSON.stringify({ user, origin }),
        });
        if (!response.ok) throw new Error(`minting a token for ${user}@${partner}: ${response.status} ${await response.text()}`);
        return (await response.json()).token;
      }
      if (command === 'deputy-outbox') {
        const folder = join(dir, 'outbox');
        const messages = readdirSync(folder).sort().map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')));
        return messages.filter((m) => m.to === payload.to).at(-1) ?? null;
      }
      return undefined;
    },
  };
}
