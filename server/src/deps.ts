import type { Clock, TestClock } from './clock.js';
import type { Notifier } from './auth/notifier.js';
import type { Partners } from './domain/partner.js';
import type { Store } from './store/types.js';

/** What the app is built from; `createApp(deps)` takes it so tests can pass their own. */
export interface Deps {
  store: Store;
  partners: Partners;
  clock: Clock;
  notifier: Notifier;
  /** browser-extension origins (`chrome-extension://<id>`) trusted to use cookie sessions, never embed tokens */
  extensionOrigins?: string[];
  /** present only with `--test-clock`: enables `POST /api/test/clock` */
  testClock?: TestClock;
}
