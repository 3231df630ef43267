import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exists,
  installTarballs,
  mustRun,
  packWorkspaces,
  runCommand,
  type PackedPackage,
} from './packed-project.js';

// The packages as npm publishes them, installed into a project of their own: what a user gets.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMAGE = join(ROOT, 'packages/face-crop/fixtures/astronaut.png');
const GOLDEN = join(ROOT, 'packages/animator/fixtures/astronaut.golden.json');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const FOLDERS = ['core', 'face-crop', 'synth', 'expression-encoder', 'animator', 'eval', 'cli'];

/** Files each tarball must hold beyond `dist/index.js`, `dist/index.d.ts`, README and LICENSE. */
const REQUIRED: Record<string, string[]> = {
  '@freeavatar/face-crop': ['assets/canonical-face.json', 'NOTICE.md'],
  '@freeavatar/synth': ['assets/avatars/human.glb', 'assets/example/astronaut.mp4'],
  '@freeavatar/expression-encoder': ['weights/model.json', 'weights/model.weights.bin'],
  '@freeavatar/animator': ['weights/animator/model.json', 'weights/renderers/human/model.json'],
  freeavatar: ['bin/freeavatar.js'],
};

let work: string;
let app: string;
let packs: PackedPackage[];
let golden: Record<string, number[]>;

beforeAll(async () => {
  const unbuilt = [];
  for (const folder of FOLDERS) {
    if (!(await exists(join(ROOT, 'packages', folder, 'dist/index.js')))) unbuilt.push(folder);
  }
  if (unbuilt.length > 0) {
    throw new Error(`packages not built (${unbuilt.join(', ')}): run \`npm run build\` first`);
  }
  work = await mkdtemp(join(tmpdir(), 'freeavatar-packed-'));
  app = join(work, 'app');
  await mustRun('mkdir', ['-p', app], work);
  packs = await packWorkspaces(ROOT, work);
  await installTarballs(
    app,
    packs.map((p) => join(work, p.filename)),
  );
  for (const file of ['smoke.mjs', 'typed.ts', 'mistyped.ts']) {
    await copyFile(fileURLToPath(new URL(`consumer/${file}`, import.meta.url)), join(app, file));
  }
  golden = (JSON.parse(await readFile(GOLDEN, 'utf8')) as { rigs: Record<string, number[]> }).rigs;
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('are all seven, each with its built code, README and LICENSE, and no tests or sources', () => {
    expect(packs.map((p) => p.name).sort()).toEqual(
      [...FOLDERS.filter((f) => f !== 'cli').map((f) => `@freeavatar/${f}`), 'freeavatar'].sort(),
    );
    for (const pack of packs) {
      const required = [
        'dist/index.js',
        'dist/index.d.ts',
        'README.md',
        'LICENSE',
        ...(REQUIRED[pack.name] ?? []),
      ];
      const missing = required.filter((file) => !pack.files.includes(file));
      expect(missing, `${pack.name} lacks`).toEqual([]);
      const stray = pack.files.filter((f) => /\.test\.|(^|\/)src\/|(^|\/)test-utils\//.test(f));
      expect(stray, `${pack.name} ships`).toEqual([]);
    }
  });

  it('depend on each other at the versions packed together', async () => {
    const versions = new Map(packs.map((p) => [p.name, p.version]));
    for (const pack of packs) {
      const manifest = JSON.parse(
        await readFile(join(app, 'node_modules', pack.name, 'package.json'), 'utf8'),
      ) as { dependencies?: Record<string, string> };
      for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
        if (versions.has(name))
          expect(`${pack.name} → ${name}@${range}`).toBe(
            `${pack.name} → ${name}@${versions.get(name)}`,
          );
      }
    }
  });

  it('run a user program: the shipped models give the golden rigs, search works, no tensor leaks', async () => {
    const stdout = await mustRun('node', ['smoke.mjs', IMAGE], app);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      backend: string;
      rigs: Record<string, number[]>;
      embedding: number[];
      nearest: string;
      leaked: number;
    };
    expect(result.backend).toBe('cpu');
    expect(Object.keys(result.rigs).sort()).toEqual(Object.keys(golden).sort());
    for (const [id, rig] of Object.entries(golden)) {
      const error = Math.max(...rig.map((v, i) => Math.abs(v - result.rigs[id][i])));
      expect(error, `${id}: largest difference from the golden rig`).toBeLessThan(1e-4);
    }
    expect(result.embedding).toHaveLength(16);
    expect(Math.hypot(...result.embedding)).toBeCloseTo(1, 5);
    expect(result.nearest).toBe('astronaut');
    expect(result.leaked).toBe(0);
  }, 300_000);

  it('install the freeavatar command, which animates an image', async () => {
    const bin = join(app, 'node_modules/.bin/freeavatar');
    expect((await mustRun(bin, ['--version'], app)).trim()).toBe(
      packs.find((p) => p.name === 'freeavatar')!.version,
    );
    await mustRun(bin, ['animate', IMAGE, '--avatar', 'human', '--out', 'out'], app);
    const animation = JSON.parse(await readFile(join(app, 'out/animation.json'), 'utf8')) as {
      avatars: Record<
        string,
        { controls: string[]; frames: { controls: Record<string, number> }[] }
      >;
    };
    const { controls, frames } = animation.avatars.human;
    expect(frames).toHaveLength(1);
    // The command runs on wasm; the golden rig was computed on cpu.
    const error = Math.max(
      ...controls.map((name, i) => Math.abs(frames[0].controls[name] - golden.human[i])),
    );
    expect(error).toBeLessThan(1e-3);
    expect(await exists(join(app, 'out/human.glb'))).toBe(true);
  }, 300_000);

  it('give TypeScript their types: strict code compiles, a type error is caught', async () => {
    const flags = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--target',
      'es2022',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
    ];
    await mustRun('node', [TSC, ...flags, 'typed.ts'], app);
    const wrong = await runCommand('node', [TSC, ...flags, 'mistyped.ts'], app);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toContain(
      "error TS2322: Type 'number' is not assignable to type 'string'",
    );
  }, 120_000);
});
