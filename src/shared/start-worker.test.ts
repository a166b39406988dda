import { describe, expect, it } from 'vitest';
import { planWorkerStart } from './start-worker.ts';

const BUNDLE = 'https://cdn.example/whisper/assets/whisper-recorder-abc.js';

describe('planWorkerStart', () => {
  it('starts a worker on the page origin directly, resolved against the bundle, not the page', () => {
    expect(planWorkerStart('whisper.worker-x.js', BUNDLE, 'https://cdn.example')).toEqual({ kind: 'direct', url: 'https://cdn.example/whisper/assets/whisper.worker-x.js' });
    // Vite's dev server hands out root-absolute URLs.
    expect(planWorkerStart('/workers/vad.worker.ts?worker_file&type=module', 'http://localhost:5173/src/embedding/start-worker.ts', 'http://localhost:5173')).toEqual({
      kind: 'direct',
      url: 'http://localhost:5173/workers/vad.worker.ts?worker_file&type=module',
    });
  });

  it('starts a worker from another origin through a module that imports its absolute URL', () => {
    const plan = planWorkerStart('./whisper.worker-x.js', BUNDLE, 'https://site.example');
    expect(plan).toMatchObject({ kind: 'shim', url: 'https://cdn.example/whisper/assets/whisper.worker-x.js' });
    expect(plan.kind === 'shim' && plan.source).toBe('import "https://cdn.example/whisper/assets/whisper.worker-x.js";\n');
    // A different port or scheme is another origin too.
    expect(planWorkerStart('w.js', 'http://localhost:4304/a.js', 'http://localhost:4305').kind).toBe('shim');
    expect(planWorkerStart('w.js', 'http://127.0.0.1:4304/a.js', 'http://localhost:4304').kind).toBe('shim');
  });

  it('quotes the URL as a string literal, so no URL can inject code into the module', () => {
    const plan = planWorkerStart('https://cdn.example/a";alert(1);".js', BUNDLE, 'https://site.example');
    expect(plan.kind === 'shim' && plan.source).toBe('import "https://cdn.example/a%22;alert(1);%22.js";\n');
  });
});
