// Size budget: all four widgets with Lit and the client, minified and gzipped, within 30 KB.
import { bundleSize } from './bundle-size.mjs';

const BUDGET = 30 * 1024;
const { files, bytes } = bundleSize();
const verdict = bytes <= BUDGET ? 'within' : 'OVER';
console.log(`bundle: ${files.length} files, ${(bytes / 1024).toFixed(1)} KB minified+gzipped (${bytes} bytes), ${verdict} the ${BUDGET / 1024} KB budget`);
if (bytes > BUDGET) process.exit(1);
