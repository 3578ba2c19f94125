import { parse } from 'hono/utils/cookie';
import { describe, expect, it } from 'vitest';
import { sameSecret, sameText } from '../auth/crypto.js';
import { cookieValue } from './auth.js';

describe('cookieValue reads the session cookie as hono getCookie does', () => {
  const headers = [
    'deputy_session=abc',
    'a=1; deputy_session=abc; b=2',
    'a=1;deputy_session=abc',
    '  deputy_session = abc ;x=y',
    'deputy_session="abc"',
    'deputy_session=a%20b',
    'deputy_session=bad%zz',
    'x=deputy_session=evil; deputy_session=abc',
    'other_deputy_session=evil; deputy_session=abc',
    'deputy_session_old=evil; deputy_session=abc',
    'deputy_session=bad,value; deputy_session=abc',
    'deputy_session=',
    'deputy_session; a=1',
    'a=1; b=2',
    'deputy_session=abc; deputy_session=later',
  ];
  for (const header of headers) {
    it(JSON.stringify(header), () => {
      expect(cookieValue(header, 'deputy_session')).toBe(parse(header, 'deputy_session').deputy_session);
    });
  }

  it('finds nothing without a Cookie header', () => {
    expect(cookieValue(undefined, 'deputy_session')).toBeUndefined();
  });
});

describe('sameText compares two texts as sameSecret does, without copying them', () => {
  const pairs: Array<[string, string]> = [
    ['deputy_session=abc', 'deputy_session=abc'],
    ['deputy_session=abc', 'deputy_session=abd'],
    ['deputy_session=abc', 'eeputy_session=abc'],
    ['deputy_session=abc', 'deputy_session=ab'],
    ['', ''],
    ['', 'a'],
    ['é', 'e'],
  ];
  for (const [a, b] of pairs) {
    it(`${JSON.stringify(a)} and ${JSON.stringify(b)}`, () => {
      expect(sameText(a, b)).toBe(a === b);
      expect(sameText(a, b)).toBe(sameSecret(a, b));
    });
  }
});
