import { describe, expect, it } from 'vitest';
import type { WireDecision } from '../api.ts';
import { Lens, LENS_ATTR, lensChecks, lensMark, type LensElement } from './lens.ts';

/** A minimal element: attributes, a parent for `closest([attr])`, and a style. */
class FakeElement implements LensElement {
  attrs = new Map<string, string>();
  style = { outline: '', outlineOffset: '' };
  constructor(
    attrs: Record<string, string>,
    readonly parent: FakeElement | null = null,
  ) {
    for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
  }
  getAttribute(name: string) {
    return this.attrs.get(name) ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attrs.set(name, value);
  }
  removeAttribute(name: string) {
    this.attrs.delete(name);
  }
  closest(selector: string): LensElement | null {
    const attr = /^\[([\w-]+)\]$/.exec(selector)?.[1];
    if (!attr) throw new Error(`unsupported selector ${selector}`);
    return this.attrs.has(attr) ? this : (this.parent?.closest(selector) ?? null);
  }
}

const allow: WireDecision = { allowed: true, reasons: [{ code: 'granted', text: 'Role Admin grants it on all scope.' } as WireDecision['reasons'][number]] };
const deny: WireDecision = {
  allowed: false,
  reasons: [
    { code: 'mode', text: 'The session is in view-only mode; this needs admin.' } as WireDecision['reasons'][number],
    { code: 'no-grant', text: 'No role of the user grants Edit.' } as WireDecision['reasons'][number],
  ],
};

describe('lensChecks', () => {
  it('takes the target from the element or its nearest ancestor, one check per distinct action and target', () => {
    const section = new FakeElement({ 'data-deputy-account': 'alpha' });
    const a = new FakeElement({ 'data-deputy-action': 'account.edit' }, section);
    const b = new FakeElement({ 'data-deputy-action': ' account.edit ' }, section);
    const c = new FakeElement({ 'data-deputy-action': 'account.edit', 'data-deputy-account': 'beta' }, section);
    const d = new FakeElement({ 'data-deputy-action': 'user.block', 'data-deputy-user': 'u-1' }, section);
    const e = new FakeElement({ 'data-deputy-action': 'settings.edit' });
    const { checks, checkOf } = lensChecks([a, b, c, d, e]);
    expect(checks).toEqual([
      { action: 'account.edit', target: { account: 'alpha' } },
      { action: 'account.edit', target: { account: 'beta' } },
      { action: 'user.block', target: { account: 'alpha', user: 'u-1' } },
      { action: 'settings.edit', target: {} },
    ]);
    expect(checkOf).toEqual([0, 0, 1, 2, 3]);
  });
});

describe('lensMark', () => {
  it('outlines allowed and denied differently and puts every reason in the tooltip', () => {
    const ok = lensMark(allow);
    const no = lensMark(deny);
    expect(ok.state).toBe('allowed');
    expect(no.state).toBe('denied');
    expect(ok.outline).not.toBe(no.outline);
    expect(no.title).toBe('Deputy: denied\nThe session is in view-only mode; this needs admin.\nNo role of the user grants Edit.');
  });
});

describe('Lens', () => {
  it('marks each element with its own decision and restores the page on clear', () => {
    const a = new FakeElement({ 'data-deputy-action': 'x', title: 'Edit the account' });
    const b = new FakeElement({ 'data-deputy-action': 'y' });
    b.style.outline = '1px solid blue';
    const lens = new Lens();
    expect(lens.mark([a, b], [0, 1], [allow, deny])).toBe(2);
    expect(a.getAttribute(LENS_ATTR)).toBe('allowed');
    expect(b.getAttribute(LENS_ATTR)).toBe('denied');
    expect(b.getAttribute('title')).toContain('view-only mode');
    lens.clear();
    expect(a.getAttribute(LENS_ATTR)).toBeNull();
    expect(a.getAttribute('title')).toBe('Edit the account');
    expect(b.getAttribute('title')).toBeNull();
    expect(b.style.outline).toBe('1px solid blue');
  });

  it('leaves an element unmarked when its decision is missing', () => {
    const a = new FakeElement({ 'data-deputy-action': 'x' });
    expect(new Lens().mark([a], [0], [])).toBe(0);
    expect(a.getAttribute(LENS_ATTR)).toBeNull();
  });

  it('remarking keeps what the page had before the first mark', () => {
    const a = new FakeElement({ 'data-deputy-action': 'x', title: 'original' });
    const lens = new Lens();
    lens.mark([a], [0], [allow]);
    lens.mark([a], [0], [deny]);
    expect(a.getAttribute(LENS_ATTR)).toBe('denied');
    lens.clear();
    expect(a.getAttribute('title')).toBe('original');
  });
});
