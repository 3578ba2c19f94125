import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DeputyErrorEvent, type DeputyErrorDetail } from '../events/deputy-error-event.js';
import { errorDetail } from '../internal/error-detail.js';

export type LoadStatus = 'pending' | 'complete' | 'error';

/**
 * Loads data for a host element and re-renders it as the load progresses. The last value stays
 * available while a new load runs, so a list does not flash empty while searching; an older load
 * that finishes after a newer one is ignored. A failure is kept as `error` and dispatched as
 * `deputy-error` from the host.
 */
export class LoadController<T> implements ReactiveController {
  status: LoadStatus = 'pending';
  value: T | undefined;
  error: DeputyErrorDetail | undefined;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly load: () => Promise<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts a load; resolves when it (or a newer one) settled. */
  async run(): Promise<void> {
    const generation = ++this.generation;
    this.status = 'pending';
    this.host.requestUpdate();
    try {
      const value = await this.load();
      if (generation !== this.generation) return;
      this.value = value;
      this.error = undefined;
      this.status = 'complete';
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = errorDetail(error);
      this.status = 'error';
      this.host.dispatchEvent(new DeputyErrorEvent(this.error));
    }
    this.host.requestUpdate();
  }
}
