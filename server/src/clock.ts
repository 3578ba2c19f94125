/** The server's notion of now: every expiry, lock-out and session lifetime reads it. */
export interface Clock {
  /** epoch milliseconds */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that tests move forward (`--test-clock`, `POST /api/test/clock`). */
export class TestClock implements Clock {
  #offset = 0;
  now(): number {
    return Date.now() + this.#offset;
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
}
