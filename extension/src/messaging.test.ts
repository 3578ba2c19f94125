import { describe, expect, it } from 'vitest';
import { acceptMessage, type GuardContext } from './messaging.ts';

const ctx: GuardContext = {
  extensionId: 'ext-id',
  extensionOrigin: 'chrome-extension://ext-id',
  contentAllowed: (origin, tabId) => origin === 'http://localhost:3000' || (origin === 'https://host.example' && tabId === 7),
};
const popup = { id: 'ext-id', origin: 'chrome-extension://ext-id', url: 'chrome-extension://ext-id/popup.html' };
const content = { id: 'ext-id', origin: 'http://localhost:3000', url: 'http://localhost:3000/app', tab: { id: 3 } };
const lensCheck = { type: 'lens/check', checks: [{ action: 'account.edit', target: { account: 'acme' } }] };

describe('acceptMessage', () => {
  it('accepts a popup request of the map', () => {
    expect(acceptMessage({ type: 'impersonation/stop', server: 'http://localhost:3000' }, popup, ctx)).toEqual({
      type: 'impersonation/stop',
      server: 'http://localhost:3000',
    });
  });

  it('ignores messages from another extension', () => {
    expect(acceptMessage({ type: 'context/get' }, { ...popup, id: 'other' }, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'context/get' }, { ...popup, id: undefined }, ctx)).toBeUndefined();
  });

  it('ignores unknown types, inherited names and non-objects', () => {
    expect(acceptMessage({ type: 'eval', code: '1' }, popup, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'toString' }, popup, ctx)).toBeUndefined();
    expect(acceptMessage({ type: '__proto__' }, popup, ctx)).toBeUndefined();
    expect(acceptMessage('context/get', popup, ctx)).toBeUndefined();
    expect(acceptMessage(null, popup, ctx)).toBeUndefined();
    expect(acceptMessage([{ type: 'context/get' }], popup, ctx)).toBeUndefined();
  });

  it('refuses popup-only requests from a content script', () => {
    expect(acceptMessage({ type: 'impersonation/stop', server: 'http://localhost:3000' }, content, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'checker/check', server: 's', user: 'u', action: 'a', account: 'c' }, content, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'context/get' }, content, ctx)).toBeUndefined();
  });

  it('accepts the lens check from a content script on an allowed origin only', () => {
    expect(acceptMessage(lensCheck, content, ctx)).toEqual(lensCheck);
    expect(acceptMessage(lensCheck, { ...content, origin: 'https://evil.example', url: 'https://evil.example/' }, ctx)).toBeUndefined();
    expect(acceptMessage(lensCheck, { ...content, origin: 'https://host.example', url: 'https://host.example/', tab: { id: 7 } }, ctx)).toEqual(lensCheck);
    expect(acceptMessage(lensCheck, { ...content, origin: 'https://host.example', url: 'https://host.example/', tab: { id: 8 } }, ctx)).toBeUndefined();
  });

  it('does not let an extension page send content-script requests, nor other schemes pass as content', () => {
    expect(acceptMessage(lensCheck, popup, ctx)).toBeUndefined();
    expect(acceptMessage(lensCheck, { ...content, origin: 'file://', url: 'file:///tmp/x.html' }, ctx)).toBeUndefined();
  });

  it('falls back to the sender URL when the origin is absent', () => {
    expect(acceptMessage({ type: 'context/get' }, { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' }, ctx)).toEqual({ type: 'context/get' });
    expect(acceptMessage({ type: 'context/get' }, { id: 'ext-id' }, ctx)).toBeUndefined();
  });

  it('checks the shape of each request', () => {
    expect(acceptMessage({ type: 'impersonation/stop' }, popup, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'impersonation/stop', server: 'http://localhost:3000', tabId: 3, token: 'yes' }, popup, ctx)).toBeUndefined();
    const onToken = { type: 'impersonation/stop', server: 'http://localhost:3000', tabId: 3, token: true };
    expect(acceptMessage(onToken, popup, ctx)).toEqual(onToken);
    expect(acceptMessage(onToken, content, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'lens/set', tabId: '3', on: true }, popup, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'lens/set', tabId: 3, on: 'yes' }, popup, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'context/get', tabId: 1.5 }, popup, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'lens/check', checks: [{ action: 'a' }] }, content, ctx)).toBeUndefined();
    expect(acceptMessage({ type: 'lens/check', checks: 'all' }, content, ctx)).toBeUndefined();
    const many = Array.from({ length: 501 }, () => ({ action: 'a', target: {} }));
    expect(acceptMessage({ type: 'lens/check', checks: many }, content, ctx)).toBeUndefined();
  });
});
