// What the browser test and benchmark share: the example server, and headless Chromium with the
// example clip as its camera.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, which the example server serves. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Chromium binary (Debian's `chromium` unless `FREEAVATAR_CHROMIUM` names another). */
export const CHROMIUM = process.env.FREEAVATAR_CHROMIUM ?? '/usr/bin/chromium';
const CLIP = join(ROOT, 'packages/synth/assets/example/astronaut.mp4');

/** The flags headless Chromium needs here (DESIGN.md): no sandbox, WebGPU on SwiftShader. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * Starts Vite on the repository (a free port) and headless Chromium whose camera plays the
 * example clip (Chromium's fake capture device reads a Y4M file, converted here). `close()`
 * stops both and removes the file.
 */
export async function openExampleBrowser(executablePath = CHROMIUM) {
  const scratch = await mkdtemp(join(tmpdir(), 'fa-browser-'));
  const camera = join(scratch, 'camera.y4m');
  const { default: ffmpeg } = await import('@ffmpeg-installer/ffmpeg');
  execFileSync(ffmpeg.path, ['-loglevel', 'error', '-i', CLIP, '-pix_fmt', 'yuv420p', camera]);
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, fs: { allow: [ROOT] } },
    optimizeDeps: { entries: ['examples/browser/*.html'] },
  });
  await server.listen();
  const browser = await chromium.launch({
    executablePath,
    args: [
      ...FLAGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${camera}`,
    ],
  });
  return {
    browser,
    /** The address of a path of the repository on the example server. */
    url: (path) => new URL(path, server.resolvedUrls.local[0]).href,
    async close() {
      await browser.close();
      await server.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
