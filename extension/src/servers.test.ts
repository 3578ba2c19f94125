import { describe, expect, it } from 'vitest';
import { isDeputyOrigin, originPattern, serverFor, toOrigin } from './servers.ts';

const settings = { servers: ['http://localhost:3000', 'https://deputy.example.com'], pages: ['http://localhost:5174'] };

describe('servers', () => {
  it('keeps only http(s) origins', () => {
    expect(toOrigin(' https://deputy.example.com/app?x=1 ')).toBe('https://deputy.example.com');
    expect(toOrigin('javascript:alert(1)')).toBeUndefined();
    expect(toOrigin('chrome-extension://abc/popup.html')).toBeUndefined();
    expect(toOrigin('not a url')).toBeUndefined();
  });

  it('turns an origin into a port-less match pattern', () => {
    expect(originPattern('http://localhost:3000')).toBe('http://localhost/*');
    expect(originPattern('https://deputy.example.com')).toBe('https://deputy.example.com/*');
  });

  it('picks the tab’s own server, else the server its widgets use, else the first', () => {
    expect(serverFor(settings, 'https://deputy.example.com/users')).toBe('https://deputy.example.com');
    expect(serverFor(settings, 'http://localhost:5174/', ['https://elsewhere.example', 'https://deputy.example.com/'])).toBe('https://deputy.example.com');
    expect(serverFor(settings, 'http://localhost:5174/')).toBe('http://localhost:3000');
    expect(serverFor({ servers: [], pages: [] }, 'http://localhost:3000/')).toBeUndefined();
  });

  it('tells Deputy origins by exact origin, port included', () => {
    expect(isDeputyOrigin(settings, 'http://localhost:5174')).toBe(true);
    expect(isDeputyOrigin(settings, 'http://localhost:5175')).toBe(false);
    expect(isDeputyOrigin(settings, undefined)).toBe(false);
  });
});
