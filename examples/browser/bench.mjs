/**
 * Frames per second of the live page (`live.html`) in headless Chromium, with the example clip
 * as the camera: face finding, encoding, the animator for three avatars and drawing them, on
 * each backend in the same session. From the repository root, after `npm run build`:
 *
 *   node examples/browser/bench.mjs [--backends wasm,webgpu] [--seconds 10] [--chromium /usr/bin/chromium]
 *
 * Each backend first runs 10 frames to warm up; then the frames done in `--seconds` are counted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const backends = arg('backends', 'wasm,webgpu').split(',');
const seconds = Number(arg('seconds', '10'));
const root = fileURLToPath(new URL('../..', import.meta.url));
const clip = join(root, 'packages/synth/assets/example/astronaut.mp4');

const scratch = await mkdtemp(join(tmpdir(), 'fa-browser-bench-'));
const camera = join(scratch, 'camera.y4m');
execFileSync(ffmpeg.path, ['-loglevel', 'error', '-i', clip, '-pix_fmt', 'yuv420p', camera]);
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'silent',
  server: { port: 0, fs: { allow: [root] } },
  optimizeDeps: { entries: ['examples/browser/*.html'] },
});
await server.listen();
const browser = await chromium.launch({
  executablePath: arg('chromium', '/usr/bin/chromium'),
  args: [
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--enable-unsafe-webgpu',
    '--disable-dev-shm-usage',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${camera}`,
  ],
});
const frames = (page) => page.evaluate(() => window.freeavatarLive);
try {
  const rates = {};
  for (const backend of backends) {
    const page = await browser.newPage();
    const url = new URL(
      `examples/browser/live.html?backend=${backend}`,
      server.resolvedUrls.local[0],
    );
    await page.goto(url.href);
    await page.waitForFunction(
      () => window.freeavatarLive.error !== undefined || window.freeavatarLive.frames >= 10,
      null,
      { timeout: 300_000 },
    );
    const start = await frames(page);
    if (start.error) throw new Error(`${backend}: ${start.error}`);
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const end = await frames(page);
    const elapsed = (performance.now() - t0) / 1000;
    rates[backend] = (end.frames - start.frames) / elapsed;
    console.log(
      `${backend}: ${end.frames - start.frames} frames in ${elapsed.toFixed(1)} s, ` +
        `${rates[backend].toFixed(1)} frames/s, a face in ${end.faces} of ${end.frames}`,
    );
    await page.close();
  }
  if (rates.wasm && rates.webgpu) {
    console.log(`webgpu / wasm: ${(rates.webgpu / rates.wasm).toFixed(2)}`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(scratch, { recursive: true, force: true });
}
