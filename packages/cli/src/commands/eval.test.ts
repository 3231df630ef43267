import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../program.js';
import {
  evalCommand,
  evalEncoderOptions,
  methodSummaryLine,
  perturbList,
  perturbationSummaryLine,
} from './eval.js';
import { evalAnimatorOptions, exampleClipPath } from './eval-animator.js';
import { saveRandomAnimateModels } from './test-utils/animate-fixture.js';

const root = await mkdtemp(join(tmpdir(), 'fa-eval-cli-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Parses `freeavatar eval …` on the eval group alone; returns the printed lines. */
async function run(args: string[], errors: string[] = []): Promise<string[]> {
  const lines: string[] = [];
  const group = evalCommand((l) => lines.push(l));
  const program = new Command('freeavatar').addCommand(group).exitOverride();
  for (const c of [group, ...group.commands]) {
    c.exitOverride().configureOutput({ writeErr: (t) => errors.push(t), writeOut: () => {} });
  }
  await program.parseAsync(['node', 'freeavatar', 'eval', ...args]);
  return lines;
}

describe('freeavatar eval encoder', () => {
  it('validates its options, naming the bad one', async () => {
    const cases: [string[], RegExp][] = [
      [['--count', '0', '--out', root], /--count must be an integer in 1\.\.100000, got 0/],
      [['--count', '2.5', '--out', root], /--count must be an integer/],
      [['--size', '16', '--out', root], /--size must be an integer in 32\.\.512, got 16/],
      [['--seed', '-1', '--out', root], /--seed must be an integer in 0\.\./],
      [
        ['--methods', 'geometry,landmarks', '--out', root],
        /--methods must be a comma-separated list of geometry, emotion, face-api, kalidokit, mae, encoder, got geometry,landmarks/,
      ],
      [
        ['--perturb', 'blur,fog', '--out', root],
        /--perturb must be all, none or a comma-separated list of blur, noise, occlusion, yaw, dark, got blur,fog/,
      ],
      [['--perturb', ',', '--out', root], /--perturb must be all, none or a comma-separated list/],
      [['--backend', 'gpu', '--out', root], /--backend.*gpu.*Allowed choices/s],
      [['--quick'], /required option '--out <dir>' not specified/],
    ];
    for (const [args, pattern] of cases) {
      const errors: string[] = [];
      await expect(run(['encoder', ...args], errors)).rejects.toThrow();
      expect(errors.join('')).toMatch(pattern);
    }
    expect(() => evalEncoderOptions({ out: root, data: root, seed: 1 })).toThrow(
      /--seed chooses synthetic triplets and has no use with --data/,
    );
    expect(evalEncoderOptions({ out: 'o', quick: true, methods: ['geometry'] })).toMatchObject({
      out: 'o',
      quick: true,
      include: ['geometry'],
    });
    expect(
      evalEncoderOptions({ out: 'o', maeModel: 'runs/mae/model/model.json', perturb: ['yaw'] }),
    ).toMatchObject({ maeModel: 'runs/mae/model/model.json', perturb: ['yaw'] });
  });

  it('parses --perturb lists, all and none', () => {
    expect(perturbList('all')).toEqual(['blur', 'noise', 'occlusion', 'yaw', 'dark']);
    expect(perturbList('none')).toEqual([]);
    expect(perturbList(' yaw, blur ,yaw')).toEqual(['yaw', 'blur']);
    expect(() => perturbList('all,blur')).toThrow(/--perturb must be all, none or/);
  });

  it('names a bad --peers list of eval animator', async () => {
    const errors: string[] = [];
    await expect(
      run(['animator', '--peers', 'kalidokit,x', '--out', root], errors),
    ).rejects.toThrow();
    expect(errors.join('')).toMatch(
      /--peers must be all, none or a comma-separated list of kalidokit, geometry, got kalidokit,x/,
    );
  });

  it('passes --mae-model and --perturb through to the run', async () => {
    const errors: string[] = [];
    // A model file that does not exist: the run gets as far as loading it, and says so.
    await expect(
      run(
        [
          'encoder',
          '--count',
          '1',
          '--methods',
          'mae',
          '--mae-model',
          join(root, 'missing', 'model.json'),
          '--perturb',
          'none',
          '--out',
          join(root, 'mae'),
        ],
        errors,
      ),
    ).rejects.toThrow(/missing\/model\.json/);
  });

  it('runs a tiny evaluation and prints a line per method', async () => {
    const out = join(root, 'report');
    const lines = await run([
      'encoder',
      '--count',
      '1',
      '--seed',
      '4',
      '--methods',
      'geometry,encoder',
      '--worst',
      '1',
      '--perturb',
      'blur',
      '--out',
      out,
    ]);
    expect(lines[0]).toMatch(/^data: 1 synthetic FEC-style triplets of the test split/);
    expect(lines.some((l) => /^face mesh geometry: triplet accuracy (0\.0|100\.0)%/.test(l))).toBe(
      true,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^under blur: face mesh geometry (0\.0|100\.0)% \(drop -?\d+\.\d\)(, FreeAvatar encoder (0\.0|100\.0)% \(drop -?\d+\.\d\))?$/,
      ),
    );
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^1 triplets in \\d+ s on wasm; wrote ${join(out, 'report.md')}, ${join(out, 'results.json')} and \\d+ plots$`,
      ),
    );
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      `npx freeavatar eval encoder --count 1 --seed 4 --perturb blur --out ${out}`,
    );
    expect(md).toContain('## Robustness');
  });
});

describe('freeavatar eval animator', () => {
  it('exits with code 1 naming a model that cannot be loaded', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const missing = join(root, 'none', 'model.json');
    const code = await main([
      'node',
      'freeavatar',
      'eval',
      'animator',
      '--model',
      missing,
      '--no-clip',
      '--out',
      join(root, 'a'),
    ]);
    expect(code).toBe(1);
    expect(String(spy.mock.calls[0][0])).toContain(missing);
    spy.mockRestore();
  });

  it('writes the report with random tiny models', async () => {
    const models = await saveRandomAnimateModels(join(root, 'models'));
    const out = join(root, 'animator-report');
    const lines = await run([
      'animator',
      '--model',
      models.model,
      '--encoder',
      models.encoder,
      '--count',
      '3',
      '--seed',
      '5',
      '--peers',
      'geometry',
      '--peer-train-count',
      '4',
      '--no-clip',
      '--out',
      out,
    ]);
    expect(lines.some((l) => /^toon: MAE \d/.test(l))).toBe(true);
    expect(lines).toContain('peers: geometry, maps fitted on 4 train-split actors');
    expect(lines.at(-1)).toMatch(/^3 held-out actors in \d+ s on \w+; wrote .*report\.md/);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      `npx freeavatar eval animator --model ${models.model} --encoder ${models.encoder} --count 3 --peers geometry --peer-train-count 4 --seed 5 --out ${out}`,
    );
    expect(md).toContain('| face mesh geometry + linear map');
  }, 60_000);

  it('opens the example clip and its track, limited with --quick', async () => {
    const options = await evalAnimatorOptions({ out: root, quick: true, calibrate: 0.5 });
    expect(options.clip?.path).toBe('packages/synth/assets/example/astronaut.mp4');
    expect(options.clip?.calibrateSeconds).toBe(0.5);
    expect(options.clip?.track.frames).toHaveLength(201);
    const first = await (options.clip!.frames as AsyncGenerator<{ timestampMs: number }>).next();
    expect(first.value.timestampMs).toBe(0);
    await (options.clip!.frames as AsyncGenerator).return(undefined);
    await expect(
      evalAnimatorOptions({ out: root, clip: exampleClipPath(), track: join(root, 'x.json') }),
    ).rejects.toThrow(/no ARKit track at .*x\.json/);
    expect((await evalAnimatorOptions({ out: root, clip: false })).clip).toBeUndefined();
  });
});

describe('freeavatar eval all', () => {
  /** Runs `freeavatar eval all --quick …`; expects exit code 1 and an error naming `path`. */
  async function expectFailureNaming(args: string[], path: string): Promise<void> {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await main(['node', 'freeavatar', 'eval', 'all', '--quick', ...args]);
      expect(code).toBe(1);
      expect(String(spy.mock.calls[0][0])).toContain(path);
    } finally {
      spy.mockRestore();
    }
  }

  it('is listed under eval, and exits with code 1 naming encoder weights that cannot be loaded', async () => {
    const missing = join(root, 'none', 'encoder.json');
    await expectFailureNaming(['--encoder', missing, '--out', join(root, 'all')], missing);
  });

  it('hands --data to the encoder evaluation', async () => {
    const data = join(root, 'no-fec-here');
    await expectFailureNaming(['--data', data, '--out', join(root, 'all2')], data);
  });
});

describe('perturbationSummaryLine', () => {
  it('prints accuracy and drop per method under a perturbation, or why it did not run', () => {
    const result = (name: string, correct: number) => ({
      name,
      available: true,
      scores: {
        triplets: { accuracy: correct / 4, correct, total: 4, byType: {}, withMissingFaces: 0 },
        retrieval: null,
        invariance: null,
        worst: [],
        notes: [],
      },
    });
    const evaluation = (methods: ReturnType<typeof result>[]) => ({
      data: {
        description: 'four',
        faces: 12,
        triplets: 4,
        byType: { ONE_CLASS: 4, TWO_CLASS: 0, THREE_CLASS: 0 },
        details: {},
        facesWithoutDetection: null,
        emotions: null,
      },
      methods,
    });
    const clean = evaluation([result('mesh', 3), result('ours', 4)]);
    const blurred = evaluation([result('mesh', 2), result('ours', 4)]);
    expect(
      perturbationSummaryLine(clean, {
        id: 'blur',
        label: 'blur',
        description: 'blur',
        evaluation: blurred,
      }),
    ).toBe('under blur: mesh 50.0% (drop 25.0), ours 100.0% (drop 0.0)');
    expect(
      perturbationSummaryLine(clean, {
        id: 'yaw',
        label: 'yaw 30–45°',
        description: 'turned',
        evaluation: null,
        reason: 'needs synthetic data',
      }),
    ).toBe('under yaw 30–45°: not run (needs synthetic data)');
  });
});

describe('methodSummaryLine', () => {
  it('prints why a method did not run, or its figures', () => {
    expect(
      methodSummaryLine({
        name: 'ours',
        available: false,
        reason: 'not available (no trained weights)',
      }),
    ).toBe('ours: not available (no trained weights)');
    const line = methodSummaryLine({
      name: 'mesh',
      available: true,
      faces: { total: 9, noFace: 1, failed: 1, errors: [] },
      scores: {
        triplets: {
          accuracy: 0.5,
          correct: 3,
          total: 6,
          withMissingFaces: 1,
          byType: { ONE_CLASS: { accuracy: 1, correct: 2, total: 2 } },
        },
        retrieval: {
          meanAveragePrecision: 0.4321,
          recallAt1: 0.5,
          recallAt5: 1,
          queries: 9,
          skippedQueries: 0,
        },
        invariance: null,
        worst: [],
        notes: [],
      },
    });
    expect(line).toBe(
      'mesh: triplet accuracy 50.0% (ONE 100.0%), emotion mAP 0.432, 2 faces without features',
    );
  });
});
