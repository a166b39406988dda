import { describe, expect, it } from 'vitest';
import { withIsolationHeaders } from './isolation-headers.ts';

describe('withIsolationHeaders', () => {
  it('adds COOP and COEP to a response without them, keeping body, status and other headers', async () => {
    const out = withIsolationHeaders(new Response('<html>', { status: 200, statusText: 'OK', headers: { 'content-type': 'text/html' } }));
    expect(out.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(out.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(out.headers.get('content-type')).toBe('text/html');
    expect([out.status, out.statusText, await out.text()]).toEqual([200, 'OK', '<html>']);
  });

  it("keeps what the host sent and returns the response itself when nothing is missing", () => {
    const sent = new Response('x', { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' } });
    expect(withIsolationHeaders(sent)).toBe(sent);
    const partial = withIsolationHeaders(new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' } }));
    expect(partial.headers.get('cross-origin-embedder-policy')).toBe('credentialless');
    expect(partial.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('leaves opaque responses alone', () => {
    const opaque = Response.error();
    expect(withIsolationHeaders(opaque)).toBe(opaque);
  });
});
