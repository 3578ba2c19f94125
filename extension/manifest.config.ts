import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

/**
 * The public half of the key that fixes the extension's id when it is loaded unpacked, so a Deputy
 * server can trust its origin: chrome-extension://jepcnihnaglkpodjncadaiekhmgpicdj (see README).
 * A store-published build gets its id from the store instead.
 */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyq/RWJINmkx1xdaTNRel8GfqDByfujzhzAFyo6lIrGB/KgdtIBWt6TMaS/m0c6g7Shf0jNG99SDTUXGd20n/De/XtsV8FnwWM8f1CXQBLWIuDPVSz572C5siY9zuscbE/ikkMIa/qwsn9DOcl+jXS1cH5SaJpEnPj9xyvXRVReV4bX7vLW3E0bcyYRFcjemE0/GZMNR6JfkRy9bs57cUwQ3J9ca0025rbi/TxihGeglJsD+kIgLFNgTXRryPcl9kxYAwEaQeMKfFz31NoJNgJP3DYHCn0iKuCcReBeOr0kiG7v3IYVHaBLlZUixweGSrNWyeHZTBirZjeOoolC+vIwIDAQAB';

/**
 * The MV3 manifest, built from package.json. Loopback hosts are granted at install so a local
 * Deputy server (the demo, the tests) works at once; any other server is requested from the options
 * page when it is added (optional host permissions), never all sites up front.
 */
export default defineManifest({
  manifest_version: 3,
  key: EXTENSION_KEY,
  name: pkg.displayName,
  description: pkg.description,
  version: pkg.version,
  minimum_chrome_version: '120',
  action: { default_popup: 'popup.html', default_title: 'Deputy' },
  options_ui: { page: 'options.html', open_in_tab: true },
  background: { service_worker: 'src/background/service-worker.ts', type: 'module' },
  permissions: ['storage', 'alarms', 'scripting', 'activeTab'],
  host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
  optional_host_permissions: ['https://*/*', 'http://*/*'],
});
