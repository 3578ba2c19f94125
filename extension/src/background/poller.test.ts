import { describe, expect, it } from 'vitest';
import { Poller, type Timers } from './poller.ts';

/** Timers run by hand. */
class ManualTimers implements Timers {
  pending = new Map<number, () => void>();
  private next = 1;
  set(fn: () => void) {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number);
  }
  async fire() {
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const fn of fns) fn();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('Poller', () => {
  it('keeps polling while the tick asks for it, and stops when it no longer does', async () => {
    const timers = new ManualTimers();
    const answers = [true, true, false];
    let ticks = 0;
    const poller = new Poller(async () => answers[ticks++] ?? false, timers);
    await poller.kick();
    expect(ticks).toBe(1);
    expect(timers.pending.size).toBe(1);
    await timers.fire();
    expect(ticks).toBe(2);
    await timers.fire();
    expect(ticks).toBe(3);
    expect(timers.pending.size).toBe(0);
    expect(poller.active).toBe(false);
  });

  it('folds kicks during a tick into one more tick, and never schedules two timers', async () => {
    const timers = new ManualTimers();
    let ticks = 0;
    let release!: () => void;
    const poller = new Poller(async () => {
      ticks++;
      if (ticks === 1) await new Promise<void>((r) => (release = r));
      return true;
    }, timers);
    const first = poller.kick();
    void poller.kick();
    void poller.kick();
    release();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(ticks).toBe(2);
    expect(timers.pending.size).toBe(1);
    await poller.kick();
    expect(timers.pending.size).toBe(1);
  });

  it('keeps polling after a failed tick', async () => {
    const timers = new ManualTimers();
    const poller = new Poller(async () => {
      throw new Error('offline');
    }, timers);
    await poller.kick();
    expect(timers.pending.size).toBe(1);
  });
});
