import { describe, expect, it } from 'vitest';
import { appNavigation } from './app-navigation.ts';

describe('appNavigation', () => {
  it('matches the app page with or without a query, at the root', () => {
    const app = appNavigation('http://localhost:4173/');
    for (const path of ['/', '/?model=/test-models/x&device=wasm', '/index.html', '/index.html?task=translate']) expect(app.test(path), path).toBe(true);
    for (const path of ['/embed.html', '/test-models/x/config.json', '/indexXhtml', '/other/']) expect(app.test(path), path).toBe(false);
  });

  it('matches under a sub-path scope, with special characters taken literally', () => {
    const app = appNavigation('https://example.org/tools/whisper.app/');
    expect(app.test('/tools/whisper.app/?model=x')).toBe(true);
    expect(app.test('/tools/whisperXapp/')).toBe(false);
    expect(app.test('/')).toBe(false);
  });
});
