import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withMissingHeaders } from './site-headers.ts';

const SITE = { ...ISOLATION_HEADERS, 'Content-Security-Policy': "default-src 'self'" };

describe('withMissingHeaders', () => {
  it('adds COOP, COEP and the policy to a response without them, keeping body, status and other headers', async () => {
    const out = withMissingHeaders(new Response('<html>', { status: 200, statusText: 'OK', headers: { 'content-type': 'text/html' } }), SITE);
    expect(out.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(out.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(out.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(out.headers.get('content-type')).toBe('text/html');
    expect([out.status, out.statusText, await out.text()]).toEqual([200, 'OK', '<html>']);
  });

  it('keeps what the host sent and returns the response itself when nothing is missing', () => {
    const sent = new Response('x', { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' } });
    expect(withMissingHeaders(sent, ISOLATION_HEADERS)).toBe(sent);
    const partial = withMissingHeaders(new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless', 'Content-Security-Policy': "connect-src 'self' https://models.example" } }), SITE);
    expect(partial.headers.get('cross-origin-embedder-policy')).toBe('credentialless');
    expect(partial.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(partial.headers.get('content-security-policy')).toBe("connect-src 'self' https://models.example");
  });

  it('leaves opaque responses alone', () => {
    const opaque = Response.error();
    expect(withMissingHeaders(opaque, SITE)).toBe(opaque);
  });
});
