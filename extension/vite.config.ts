import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.config.ts';

export default defineConfig({
  plugins: [crx({ manifest })],
  build: { outDir: 'dist', emptyOutDir: true, target: 'chrome120' },
  // The dev server is never used (the extension is always built); keep it off the demo's ports.
  server: { port: 5180, strictPort: true },
});
