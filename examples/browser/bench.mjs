/**
 * Frames per second of the live page (`live.html`) in headless Chromium, with the example clip
 * as the camera: face finding, encoding, the animator for three avatars and drawing them, on
 * each backend in the same session. From the repository root, after `npm run build`:
 *
 *   node examples/browser/bench.mjs [--backends wasm,webgpu] [--seconds 10] [--chromium /usr/bin/chromium]
 *
 * Each backend first runs 10 frames to warm up; then the frames done in `--seconds` are counted.
 */
import { CHROMIUM, openExampleBrowser } from './harness.js';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const backends = arg('backends', 'wasm,webgpu').split(',');
const seconds = Number(arg('seconds', '10'));
const example = await openExampleBrowser(arg('chromium', CHROMIUM));
const frames = (page) => page.evaluate(() => window.freeavatarLive);
try {
  const rates = {};
  for (const backend of backends) {
    const page = await example.browser.newPage();
    await page.goto(example.url(`examples/browser/live.html?backend=${backend}`));
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
  await example.close();
}
