import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { PORT } from '../playwright.config.ts';
import { fakeMicrophone, recordOneFinal } from './recorder.ts';
import { serveStatic } from './static-server.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

test.use(fakeMicrophone());

/** The Vite app a consumer writes: the element in the page, one import by package name, no config at all. */
const CONSUMER = {
  'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'whisper-recorder': '*' } }),
  'index.html': `<!doctype html><html><head><title>Consumer</title></head><body>
    <whisper-recorder model="${modelPath(TEST_MODELS.multilingual)}" device="wasm" language="en" partials="off"></whisper-recorder>
    <p id="ready"></p>
    <script type="module" src="/src/main.js"></script></body></html>`,
  'src/main.js': `import { WhisperRecorder } from 'whisper-recorder';
    document.getElementById('ready').textContent = customElements.get('whisper-recorder') === WhisperRecorder ? 'defined' : 'missing';`,
};

test('the npm package, installed into a fresh Vite app and built there, records from the microphone', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'whisper-consumer-'));
  try {
    // What `npm install whisper-recorder-x.tgz` puts in node_modules: the packed files, as packed. The package's
    // dependencies are bundled into dist, so the build needs nothing else, and the registry is not asked; vite is
    // this repository's own.
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string; files: { path: string }[] }[];
    const paths = packed!.files.map((f) => f.path);
    expect(paths).toContain('dist/whisper-recorder.js');
    expect(paths).toContain('dist/types/src/whisper-recorder.d.ts');
    expect(paths.some((p) => /^dist\/assets\/ort-wasm-.+\.wasm$/.test(p))).toBe(true);
    // The site (its pages, service worker, icons) is not part of the package.
    expect(paths.filter((p) => /^dist\/[^/]+\.(html|webmanifest)$|^dist\/sw\.js$|^dist\/icons\//.test(p))).toEqual([]);

    const app = join(dir, 'app');
    const installed = join(app, 'node_modules', 'whisper-recorder');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, packed!.filename), '-C', installed, '--strip-components=1']);
    symlinkSync(resolve('node_modules/vite'), join(app, 'node_modules', 'vite'), 'dir');
    for (const [file, text] of Object.entries(CONSUMER)) {
      mkdirSync(join(app, file, '..'), { recursive: true });
      writeFileSync(join(app, file), text);
    }
    execFileSync(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
    expect(existsSync(join(app, 'dist/index.html'))).toBe(true);

    const site = await serveStatic(PORT + 1, { mounts: { '/': join(app, 'dist'), '/test-models/': '.cache/models' } });
    try {
      await page.goto(`${site.origin}/`);
      await expect(page.locator('#ready')).toHaveText('defined');
      await recordOneFinal(page);
    } finally {
      await site.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
