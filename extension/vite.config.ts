import { crx } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.config.ts';

/**
 * crxjs lists every `?iife` script as web-accessible to all sites, which lets any page probe for
 * the extension. The service worker injects them with the scripting API, which needs no such
 * entry, so the built manifest drops it.
 */
function noWebAccessibleScripts(): Plugin {
  return {
    name: 'deputy-no-web-accessible-scripts',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const asset = bundle['manifest.json'];
        if (asset?.type !== 'asset') return;
        const json = JSON.parse(String(asset.source)) as Record<string, unknown>;
        delete json.web_accessible_resources;
        asset.source = JSON.stringify(json, null, 2);
      },
    },
  };
}

export default defineConfig({
  plugins: [crx({ manifest }), noWebAccessibleScripts()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'chrome120' },
  // The dev server is never used (the extension is always built); keep it off the demo's ports.
  server: { port: 5180, strictPort: true },
});
