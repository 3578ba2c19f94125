import type { DeputyApi } from '../harness/api.ts';
import type { Stack } from '../harness/stack.ts';

/** What every journey works with, filled in by the file's `beforeAll`. */
export interface World {
  stack: Stack;
  deputy: DeputyApi;
}
