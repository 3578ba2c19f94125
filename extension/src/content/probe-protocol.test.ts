import { describe, expect, it } from 'vitest';
import { fixFor } from './fixes.ts';
import { parseReport, parseTokenChange } from './probe-protocol.ts';

describe('parseReport', () => {
  it('reads a well-formed report', () => {
    const widgets = [{ tag: 'deputy-user-manager', api: 'http://localhost:3000', token: 't', error: { code: 'network', message: 'Failed to fetch', at: 1 } }];
    expect(parseReport(JSON.stringify(widgets))).toEqual(widgets);
  });

  it('drops a malformed error but keeps the widget', () => {
    expect(parseReport(JSON.stringify([{ tag: 'deputy-x', api: '', token: '', error: { code: 1 } }]))).toEqual([{ tag: 'deputy-x', api: '', token: '' }]);
  });

  it('refuses anything else the page could send', () => {
    expect(parseReport({ tag: 'x' })).toBeUndefined();
    expect(parseReport('{')).toBeUndefined();
    expect(parseReport('{"a":1}')).toBeUndefined();
    expect(parseReport('[{"tag":1,"api":"","token":""}]')).toBeUndefined();
    expect(parseReport('[null]')).toBeUndefined();
  });
});

describe('fixFor', () => {
  it('names the page origin to allow-list when the server did not answer', () => {
    expect(fixFor('network', 'http://localhost:3000', 'http://localhost:5174')).toContain('add http://localhost:5174 to the partner');
  });

  it('tells to mint a new token when it is refused', () => {
    expect(fixFor('unauthenticated', '', 'http://x')).toContain('POST /api/embed-tokens');
  });
});

describe('parseTokenChange', () => {
  it('reads a token change, with or without its expiry', () => {
    expect(parseTokenChange(JSON.stringify({ old: 'a', token: 'b', expiresAt: 5 }))).toEqual({ old: 'a', token: 'b', expiresAt: 5 });
    expect(parseTokenChange(JSON.stringify({ old: 'a', token: 'b' }))).toEqual({ old: 'a', token: 'b' });
  });

  it('refuses anything else', () => {
    for (const bad of [{ old: 'a', token: '' }, { old: 'a', token: 'b', expiresAt: 'soon' }, { token: 'b' }, ['a', 'b']]) {
      expect(parseTokenChange(JSON.stringify(bad))).toBeUndefined();
    }
    expect(parseTokenChange('{')).toBeUndefined();
    expect(parseTokenChange({ old: 'a', token: 'b' })).toBeUndefined();
  });
});
