// Runs the browser example in headless Chromium, on wasm and on WebGPU (SwiftShader), and
// checks that the page reproduces the golden rigs that Node computes for the same photo.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, openExampleBrowser } from './harness.js';

const GOLDEN = new URL('../../packages/animator/fixtures/astronaut.golden.json', import.meta.url);

/** Why the browser test cannot run here, or `undefined`. */
function missingBrowser() {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set FREEAVATAR_CHROMIUM)`;
  if (process.env.FREEAVATAR_REQUIRE_BROWSER === '1') {
    throw new Error(`a browser is required (FREEAVATAR_REQUIRE_BROWSER=1) but ${reason}`);
  }
  return reason;
}

const reason = missingBrowser();
if (reason) console.log(`skipping the browser example: ${reason}`);

describe.skipIf(reason !== undefined)('the browser example in headless Chromium', () => {
  let example;
  let golden;
  beforeAll(async () => {
    example = await openExampleBrowser();
    golden = JSON.parse(await readFile(GOLDEN, 'utf8')).rigs;
  });
  afterAll(async () => {
    await example?.close();
  });

  /**
   * Opens `path` of the example server, waits until `ready` (run in the page) holds, and runs
   * `check(page, errors)` with the page errors and failed requests seen meanwhile.
   */
  async function visit(path, ready, check) {
    const page = await example.browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
    try {
      await page.goto(example.url(path));
      await page.waitForFunction(ready, null, { timeout: 240_000 });
      await check(page, errors);
    } finally {
      await page.close();
    }
  }

  it('drives the avatars live from the camera on wasm', async () => {
    await visit(
      'examples/browser/live.html?backend=wasm',
      () => window.freeavatarLive.error !== undefined || window.freeavatarLive.frames >= 40,
      async (page, errors) => {
        const live = await page.evaluate(() => window.freeavatarLive);
        expect(live.error).toBeUndefined();
        expect(errors).toEqual([]);
        expect(live.faces / live.frames).toBeGreaterThan(0.9);
        // The clip goes from its resting face into a smile: some control moves.
        const spread = (id) =>
          Math.max(
            ...live.rigs[0][id].map((_, c) => {
              const values = live.rigs.map((r) => r[id][c]);
              return Math.max(...values) - Math.min(...values);
            }),
          );
        for (const id of ['human', 'toon', 'robot']) expect(spread(id)).toBeGreaterThan(0.1);
        // Each avatar is drawn: its canvas is not one flat colour.
        const levels = await page.evaluate(() =>
          ['human', 'toon', 'robot'].map((id) => {
            const canvas = document.getElementById(id);
            const { data } = canvas
              .getContext('2d')
              .getImageData(0, 0, canvas.width, canvas.height);
            return new Set(data).size;
          }),
        );
        for (const n of levels) expect(n).toBeGreaterThan(50);
      },
    );
  }, 300_000);

  it('drives the avatars live from the camera on WebGPU too', async () => {
    // SwiftShader runs WebGPU on the CPU at about one frame a second: a few frames suffice.
    await visit(
      'examples/browser/live.html?backend=webgpu',
      () => window.freeavatarLive.error !== undefined || window.freeavatarLive.frames >= 3,
      async (page, errors) => {
        const live = await page.evaluate(() => window.freeavatarLive);
        expect(live.error).toBeUndefined();
        expect(errors).toEqual([]);
        expect(live.faces).toBe(live.frames);
        // one rig per frame and avatar, sized to the avatar's controls
        expect(live.rigs).toHaveLength(live.frames);
        for (const rig of live.rigs)
          expect(Object.fromEntries(Object.entries(rig).map(([id, v]) => [id, v.length]))).toEqual({
            human: 52,
            toon: 21,
            robot: 12,
          });
        expect(await page.textContent('#status')).toMatch(/^Backend webgpu: /);
      },
    );
  }, 300_000);

  it('indexes the faces of a video and searches them with a photo', async () => {
    await visit(
      'examples/browser/search.html?backend=wasm',
      () => window.freeavatarSearch !== undefined,
      async (page, errors) => {
        const search = await page.evaluate(() => window.freeavatarSearch);
        expect(search.error).toBeUndefined();
        expect(errors).toEqual([]);
        // the 8-s clip every 200 ms, a face in every frame
        expect(search.indexed).toBe(41);
        expect(search.hits).toHaveLength(6);
        const scores = search.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(scores[0]).toBeGreaterThan(0.9);
        // the photo rests with a smile; the clip's surprise (2.2–2.9 s) is the least like it
        for (const hit of search.hits) expect(hit.timeMs < 2200 || hit.timeMs > 2900).toBe(true);
      },
    );
  }, 300_000);

  for (const backend of ['wasm', 'webgpu']) {
    it(`animates the photo on ${backend} as Node does`, async () => {
      await visit(
        `examples/browser/index.html?backend=${backend}`,
        () => window.freeavatarResult !== undefined,
        async (page, errors) => {
          const result = await page.evaluate(() => window.freeavatarResult);
          expect(result.error).toBeUndefined();
          expect(errors).toEqual([]);
          expect(result.backend).toBe(backend);
          expect(Object.keys(result.rigs).sort()).toEqual(Object.keys(golden).sort());
          for (const [id, rig] of Object.entries(golden)) {
            expect(result.rigs[id]).toHaveLength(rig.length);
            // the golden rigs come from Node's cpu backend; wasm and WebGPU agree to about 1e-5
            result.rigs[id].forEach((v, i) => expect(Math.abs(v - rig[i])).toBeLessThan(1e-3));
          }
          expect(await page.textContent('#status')).toMatch(new RegExp(`^Backend ${backend}: `));
        },
      );
    }, 300_000);
  }
});
