import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../test-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

describe('API reference', () => {
  it('serves an OpenAPI 3.1 document built from the request schemas', async () => {
    const res = await h.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: object; additionalProperties: boolean } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/users']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['kind', 'firstName', 'lastName', 'email', 'roles']));
    expect(create.additionalProperties).toBe(false);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/check', '/api/impersonation', '/api/accounts/{id}/shares/{groupId}']));
  });

  it('serves a browsable page at /docs under a CSP that allows only its own script and style', async () => {
    const page = await h.app.request('/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Deputy API reference/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect((await h.app.request('/docs/app.js')).headers.get('content-type')).toMatch(/javascript/);
    const api = await h.app.request('/api/session');
    expect(api.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('gives the page the document headers and an API response the API set, uncacheable', async () => {
    const documentOnly = ['cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy', 'x-frame-options'];
    const page = await h.app.request('/docs');
    for (const name of documentOnly) expect(page.headers.get(name), name).toBeTruthy();
    const api = await h.app.request('/api/session');
    expect(api.status).toBe(401);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-site');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    for (const name of documentOnly) expect(api.headers.get(name), name).toBeNull();
  });

  it('sends HSTS over HTTPS only (RFC 6797 §7.2), on pages and API responses alike', async () => {
    for (const path of ['/docs', '/api/session', '/api/check?action=client.edit', '/nowhere']) {
      const plain = await h.app.request(`http://localhost${path}`);
      expect(plain.headers.get('strict-transport-security'), path).toBeNull();
      const tls = await h.app.request(`https://localhost${path}`);
      expect(tls.status, path).toBe(plain.status);
      expect(tls.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+; includeSubDomains$/);
      expect(tls.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
