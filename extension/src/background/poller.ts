/** Timers, behind a seam so the poller's schedule can be tested without waiting. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Runs `tick` now and then again every `intervalMs` for as long as it answers `true` (a Deputy
 * tab is open, or some session acts as someone). Kicks while a tick runs are folded into one
 * more tick right after it, so events never pile up requests.
 */
export class Poller {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly timers: Timers,
    readonly intervalMs = 1000,
  ) {}

  /** Polls now (or right after the tick in flight), then keeps going while the tick asks for it. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.running = this.run();
    return this.running;
  }

  /** True while a next tick is scheduled. */
  get active(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  private async run(): Promise<void> {
    let keepGoing: boolean;
    try {
      keepGoing = await this.tick();
    } catch {
      keepGoing = true;
    }
    this.running = undefined;
    if (this.again) {
      this.again = false;
      return this.kick();
    }
    if (keepGoing) {
      this.timer = this.timers.set(() => {
        this.timer = undefined;
        void this.kick();
      }, this.intervalMs);
    }
  }
}
