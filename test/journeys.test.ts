/**
 * The five portals' journeys (issue 6), end to end: one Deputy server, the demo host page and one
 * Chromium with the extension for the whole file; a fresh page per journey. Each journey checks
 * what the UI shows and what the server then holds, and saves a screenshot to test/artifacts/.
 * Order matters only where the clock moves: the integrator portal's expiry journey runs last.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { clearArtifacts, screenshot } from './harness/host-page.ts';
import { DeputyApi } from './harness/api.ts';
import { startStack, type Stack } from './harness/stack.ts';
import { clientSharingJourneys } from './journeys/client-sharing.ts';
import { integratorPortalJourneys } from './journeys/integrator-portal.ts';
import { memberPortalJourneys } from './journeys/member-portal.ts';
import { operatorPortalJourneys } from './journeys/operator-portal.ts';
import { partnerPortalJourneys } from './journeys/partner-portal.ts';
import type { World } from './journeys/world.ts';

const world = {} as World;

beforeAll(async () => {
  await clearArtifacts();
  const stack: Stack = await startStack();
  Object.assign(world, { stack, deputy: new DeputyApi(stack.api, stack.host) });
});

// A failed journey leaves its pages open: keep them as artifacts, then close them for the next one.
afterEach(async ({ task }) => {
  const failed = (task.result?.errors?.length ?? 0) > 0;
  const pages = (world.stack?.context.pages() ?? []).filter((p) => p.url() !== 'about:blank');
  for (const [i, page] of pages.entries()) {
    if (failed) await screenshot(page, `FAILED-${task.name.replace(/\W+/g, '-').slice(0, 60)}-${i}`).catch(() => undefined);
    await page.close();
  }
});

afterAll(async () => {
  await world.stack?.stop();
});

operatorPortalJourneys(world);
memberPortalJourneys(world);
partnerPortalJourneys(world);
clientSharingJourneys(world);
integratorPortalJourneys(world);
