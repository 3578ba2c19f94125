import type { Target } from '@deputy/core';
import type { WireDecision } from '../api.ts';
import type { LensCheck } from '../messaging.ts';

/** The attribute a host page marks an element with: the action the element stands for. */
export const ACTION_ATTR = 'data-deputy-action';
/** Attributes naming the element's target; looked up on the element, then its ancestors. */
const TARGET_ATTRS = { account: 'data-deputy-account', user: 'data-deputy-user', lead: 'data-deputy-lead', content: 'data-deputy-content' } as const;
/** The attribute the lens sets on each marked element: `allowed` or `denied`. */
export const LENS_ATTR = 'data-deputy-lens';

/** The part of an element the lens reads and writes (an `HTMLElement` in the page). */
export interface LensElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  closest(selector: string): LensElement | null;
  style: { outline: string; outlineOffset: string };
}

/** The target a check is decided on: an element with no target of its own stands for the session's current account. */
export function lensTarget(target: Target, account: string | undefined): Target {
  return Object.keys(target).length === 0 && account !== undefined ? { account } : target;
}

/** The checks for a page's marked elements (each distinct action and target once) and which check each element needs. */
export function lensChecks(elements: readonly LensElement[]): { checks: LensCheck[]; checkOf: number[] } {
  const checks: LensCheck[] = [];
  const byKey = new Map<string, number>();
  const checkOf = elements.map((el) => {
    const action = el.getAttribute(ACTION_ATTR)?.trim() ?? '';
    const target: Target = {};
    for (const [key, attr] of Object.entries(TARGET_ATTRS) as Array<[keyof typeof TARGET_ATTRS, string]>) {
      const value = el.closest(`[${attr}]`)?.getAttribute(attr);
      if (value) target[key] = value;
    }
    const key = JSON.stringify([action, target.account, target.user, target.lead, target.content]);
    let index = byKey.get(key);
    if (index === undefined) {
      index = checks.push({ action, target }) - 1;
      byKey.set(key, index);
    }
    return index;
  });
  return { checks, checkOf };
}

/** How the lens shows a decision: a green or red outline, and the server's reasons as the tooltip. */
export function lensMark(decision: WireDecision): { state: 'allowed' | 'denied'; outline: string; title: string } {
  const state = decision.allowed ? 'allowed' : 'denied';
  const reasons = decision.reasons.map((r) => r.text).join('\n');
  return {
    state,
    outline: decision.allowed ? '2px solid #1a7f37' : '2px dashed #b3261e',
    title: `Deputy: ${state}${reasons ? `\n${reasons}` : ''}`,
  };
}

interface Saved {
  title: string | null;
  outline: string;
  outlineOffset: string;
}

/** Marks and unmarks elements, restoring what the page had before. */
export class Lens {
  private readonly saved = new Map<LensElement, Saved>();

  /** Marks each element with the decision of its check. */
  mark(elements: readonly LensElement[], checkOf: readonly number[], results: readonly WireDecision[]): number {
    let marked = 0;
    elements.forEach((el, i) => {
      const decision = results[checkOf[i]!];
      if (!decision) return;
      if (!this.saved.has(el)) {
        this.saved.set(el, { title: el.getAttribute('title'), outline: el.style.outline, outlineOffset: el.style.outlineOffset });
      }
      const mark = lensMark(decision);
      el.setAttribute(LENS_ATTR, mark.state);
      el.setAttribute('title', mark.title);
      el.style.outline = mark.outline;
      el.style.outlineOffset = '2px';
      marked++;
    });
    return marked;
  }

  /** Removes every mark. */
  clear(): void {
    for (const [el, saved] of this.saved) {
      el.removeAttribute(LENS_ATTR);
      if (saved.title === null) el.removeAttribute('title');
      else el.setAttribute('title', saved.title);
      el.style.outline = saved.outline;
      el.style.outlineOffset = saved.outlineOffset;
    }
    this.saved.clear();
  }
}
