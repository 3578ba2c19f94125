// The gzipped size of the all-in-one bundle: `dist/deputy-elements.js` and every chunk it imports
// (statically or dynamically), i.e. all four widgets with Lit and the client, as one gzip stream.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]*from\s*|\(\s*)?["']\.\/([^"']+)["']/g;

function closure(file, seen) {
  if (seen.has(file)) return;
  seen.add(file);
  for (const [, spec] of readFileSync(join(dist, file), 'utf8').matchAll(IMPORT)) closure(spec, seen);
}

/** `{ files, bytes }` of the built bundle; run `vite build` first. */
export function bundleSize() {
  const seen = new Set();
  closure('deputy-elements.js', seen);
  const files = [...seen];
  return { files, bytes: gzipSync(Buffer.concat(files.map((f) => readFileSync(join(dist, f)))), { level: 9 }).length };
}
