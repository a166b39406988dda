import { describe, expect, it } from 'vitest';
import { HUB_HOSTS, ModelHostError, allowsConnect, contentSecurityPolicy, parseModelHosts } from './content-security-policy.ts';

const directive = (policy: string, name: string): string[] | undefined =>
  policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1);

describe('contentSecurityPolicy', () => {
  it('lets the page and its workers fetch only from the site, the hub and its CDNs, and device-local URLs', () => {
    const policy = contentSecurityPolicy();
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co', 'blob:', 'data:']);
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
  });

  it('allows WebAssembly but no other eval, and workers from the site or a Blob', () => {
    const policy = contentSecurityPolicy();
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directive(policy, 'worker-src')).toEqual(["'self'", 'blob:']);
  });

  it('adds configured model hosts to connect-src only', () => {
    const policy = contentSecurityPolicy(['https://models.example.com']);
    expect(directive(policy, 'connect-src')).toContain('https://models.example.com');
    expect(policy.match(/models\.example\.com/g)).toHaveLength(1);
  });

  it('has no directive a <meta> policy would ignore', () => {
    for (const name of ['frame-ancestors', 'report-uri', 'report-to', 'sandbox']) expect(directive(contentSecurityPolicy(), name)).toBeUndefined();
  });
});

describe('parseModelHosts', () => {
  it('reads origins separated by spaces or commas', () => {
    expect(parseModelHosts(undefined)).toEqual([]);
    expect(parseModelHosts(' https://models.example.com, http://localhost:8080  https://*.example.org ')).toEqual(['https://models.example.com', 'http://localhost:8080', 'https://*.example.org']);
  });

  it('refuses anything that is not an origin, naming it', () => {
    for (const bad of ['*', 'https:', 'models.example.com', 'https://models.example.com/path', "'unsafe-eval'", 'https://a.example;script-src *']) {
      expect(() => parseModelHosts(bad), bad).toThrow(ModelHostError);
    }
    expect(() => parseModelHosts('https://ok.example ftp://x')).toThrow(/"ftp:\/\/x"/);
  });

  it('keeps the hub hosts as the default list', () => {
    expect(HUB_HOSTS).toContain('https://huggingface.co');
  });
});

describe('allowsConnect', () => {
  const page = 'https://app.example/whisper/';
  it('follows the site policy: itself and the hub, nothing else', () => {
    const policy = contentSecurityPolicy();
    expect(allowsConnect(policy, '/test-models/x/config.json', page)).toBe(true);
    expect(allowsConnect(policy, 'https://huggingface.co/openai/whisper/resolve/main/config.json', page)).toBe(true);
    expect(allowsConnect(policy, 'https://cas-bridge.xethub.hf.co/x', page)).toBe(true);
    expect(allowsConnect(policy, 'https://models.example.com/whisper-base/', page)).toBe(false);
    expect(allowsConnect(policy, 'http://app.example/whisper/', page)).toBe(false);
  });

  it('reads host sources with schemes, wildcards and ports, and falls back to default-src', () => {
    const policy = contentSecurityPolicy(['http://localhost:8080', 'https://*.models.example']);
    expect(allowsConnect(policy, 'http://localhost:8080/m/', page)).toBe(true);
    expect(allowsConnect(policy, 'http://localhost:8081/m/', page)).toBe(false);
    expect(allowsConnect(policy, 'https://eu.models.example/m/', page)).toBe(true);
    expect(allowsConnect(policy, 'https://models.example/m/', page)).toBe(false);
    expect(allowsConnect("default-src 'self' https:", 'https://any.example/', page)).toBe(true);
    expect(allowsConnect("default-src 'none'", '/x', page)).toBe(false);
    expect(allowsConnect('img-src *', 'https://any.example/', page)).toBe(true);
  });
});
