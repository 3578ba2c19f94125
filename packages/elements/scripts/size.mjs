// Size budget: the all-in-one bundle (`dist/deputy-elements.js` and every chunk it imports, i.e.
// all four widgets with Lit and the client) minified and gzipped must stay within 30 KB.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 30 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** The entry and its static imports, transitively, each once. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, spec] of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*from\s*|\(\s*)?["']\.\/([^"']+)["']/g)) closure(spec, seen);
  return seen;
}

const files = [...closure('deputy-elements.js')];
const bytes = gzipSync(Buffer.concat(files.map((f) => readFileSync(join(dist, f)))), { level: 9 }).length;
const verdict = bytes <= BUDGET ? 'within' : 'OVER';
console.log(`bundle: ${files.length} files, ${(bytes / 1024).toFixed(1)} KB minified+gzipped (${bytes} bytes), ${verdict} the ${BUDGET / 1024} KB budget`);
if (bytes > BUDGET) process.exit(1);
