import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

/**
 * The MV3 manifest, built from package.json. Loopback hosts are granted at install so a local
 * Deputy server (the demo, the tests) works at once; any other server is requested from the options
 * page when it is added (optional host permissions), never all sites up front.
 */
export default defineManifest({
  manifest_version: 3,
  name: pkg.displayName,
  description: pkg.description,
  version: pkg.version,
  minimum_chrome_version: '120',
  action: { default_popup: 'popup.html', default_title: 'Deputy' },
  options_ui: { page: 'options.html', open_in_tab: true },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  permissions: ['storage', 'alarms', 'scripting', 'activeTab'],
  host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
  optional_host_permissions: ['https://*/*', 'http://*/*'],
});
