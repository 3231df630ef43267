import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFeatureMethods } from '../harness/evaluate.js';
import type { PerturbationRun } from '../harness/robustness.js';
import { ENCODER_METHOD_NAME } from '../harness/method-names.js';
import { sixTriplets, valueImage, valueMethod } from '../harness/test-utils/fake-set.js';
import { writeEncoderReport } from './encoder-report.js';
import type { RunEnvironment } from './environment.js';
import { robustnessJson, robustnessMarkdown, robustnessPlots } from './robustness-report.js';

const environment: RunEnvironment = {
  commit: null,
  uncommittedChanges: false,
  cpu: 'Test CPU',
  cores: 2,
  os: 'linux',
  node: 'v20.0.0',
  backend: 'wasm',
  date: '2025-01-02T03:04:05.000Z',
};
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/**
 * The clean six triplets (4 of 6 right), and a run where face 1 becomes 9 and face 7 becomes 30:
 * 2 of 6 right, a drop of 33.3 points (worked out in robustness.test.ts).
 */
async function runs() {
  const methods = () => [
    valueMethod('value'),
    { name: 'FreeAvatar encoder', unavailable: 'not available (no trained weights)' },
  ];
  const set = sixTriplets();
  const clean = await evaluateFeatureMethods(set, methods());
  const values = [0, 9, 10, 2, 5, 6, 20, 30, 22];
  const moved = {
    ...set,
    faces: set.faces.map((f, i) => ({ ...f, image: valueImage(values[i]) })),
  };
  const perturbed = await evaluateFeatureMethods(moved, methods(), { worst: 0 });
  const list: PerturbationRun[] = [
    {
      id: 'moved',
      label: 'moved',
      description: 'two faces moved',
      evaluation: perturbed,
      seconds: 1.5,
      example: moved.faces[0].image,
    },
    {
      id: 'yaw',
      label: 'yaw 30–45°',
      description: 'turned',
      evaluation: null,
      reason: 'needs renders',
    },
  ];
  return { set, clean, perturbed, list };
}

describe('robustness report', () => {
  it("gives the encoder's own drops with their errors, and says when they are not paired", async () => {
    const set = sixTriplets();
    const values = [0, 9, 10, 2, 5, 6, 20, 30, 22];
    const moved = {
      ...set,
      faces: set.faces.map((f, i) => ({ ...f, image: valueImage(values[i]) })),
    };
    const methods = () => [valueMethod(ENCODER_METHOD_NAME)];
    const clean = await evaluateFeatureMethods(set, methods());
    const perturbed = await evaluateFeatureMethods(moved, methods());
    const run: PerturbationRun = {
      id: 'm',
      label: 'moved',
      description: 'd',
      evaluation: perturbed,
    };
    const md = robustnessMarkdown(clean, [run]).join('\n');
    expect(md).toContain(
      "FreeAvatar encoder's drops in points, ± one standard error: moved 33.3 ± 21.1.",
    );
    // Results written before per-triplet outcomes were kept: the independent error, said so.
    const strip = (e: typeof clean) => ({
      ...e,
      methods: e.methods.map((m) => ({
        ...m,
        scores: { ...m.scores!, triplets: { ...m.scores!.triplets, outcomes: undefined } },
      })),
    });
    const old = robustnessMarkdown(strip(clean), [{ ...run, evaluation: strip(perturbed) }]).join(
      '\n',
    );
    expect(old).toContain("A drop's standard error here is 27.2–27.2 points (the clean and");
    expect(old).toContain('moved 33.3 ± 27.2.');
  });

  it('writes a table of clean and perturbed accuracy with drops, and the reasons', async () => {
    const { set, clean, perturbed, list } = await runs();
    expect(perturbed.methods[0].scores!.triplets.correct).toBe(2);
    const md = robustnessMarkdown(clean, list).join('\n');
    expect(md).toContain('## Robustness');
    expect(md).toContain('- **moved**: two faces moved.');
    expect(md).toContain('- **yaw 30–45°**: turned. Not run: needs renders.');
    expect(md).toMatch(
      /\| method\s+\| clean ↑ \| moved ↑ \| moved drop ↓ \| yaw 30–45° ↑ \| yaw 30–45° drop ↓ \|/,
    );
    expect(md).toMatch(/\| value\s+\|\s+66\.7% \|\s+33\.3% \|\s+33\.3 \|\s+— \|\s+— \|/);
    expect(md).toMatch(/\| FreeAvatar encoder \(not run\) \|\s+— \|/);
    // the one cell that ran, paired: two triplets of six flipped, √(4/15 / 6) × 100 = 21.1
    // points; independent: √(4/6 · 2/6 / 6 + 2/6 · 4/6 / 6) × 100 = 27.2 points
    expect(md).toContain("A drop's standard error here is 21.1–21.1 points, paired");
    expect(md).toContain('it would be 27.2–27.2)');
    // the encoder did not run: no line of its own drops
    expect(md).not.toContain("FreeAvatar encoder's drops");
    expect(robustnessMarkdown(clean, [])).toEqual([]);
    const json = robustnessJson(clean, list) as {
      perturbations: Record<string, unknown>[];
      table: unknown[];
    };
    expect(json.perturbations[0]).toMatchObject({ id: 'moved', ran: true, seconds: 1.5 });
    expect(json.perturbations[0]).not.toHaveProperty('example');
    expect(json.perturbations[1]).toMatchObject({
      id: 'yaw',
      ran: false,
      reason: 'needs renders',
      methods: null,
    });
    expect(json.table).toHaveLength(2);
    expect(() => robustnessJson(clean, undefined as never)).toThrow(
      /runs must be an array, got undefined/,
    );
    expect(() => robustnessMarkdown(null as never, [])).toThrow(
      /evaluation must be an object, got null/,
    );
    expect(() => robustnessPlots({} as never, [], set)).toThrow(/evaluation\.methods must be/);
  });

  it('draws accuracy per perturbation and the example faces, and writes them with the report', async () => {
    const { set, clean, list } = await runs();
    const plots = robustnessPlots(clean, list, set);
    expect(plots.map((p) => [p.file, p.kind])).toEqual([
      ['robustness.png', 'robustness'],
      ['perturbations.png', 'robustness'],
    ]);
    const bar = plots[0].spec;
    if (bar.kind !== 'bar') throw new Error('expected a bar chart');
    expect(bar.categories).toEqual(['clean', 'moved']);
    expect(bar.series[0].values[1]).toBeCloseTo(2 / 6, 12);
    expect(bar.series.map((s) => s.name)).toEqual(['value']);
    expect(bar.series[0].values[0]).toBeCloseTo(4 / 6, 12);
    expect(robustnessPlots(clean, [list[1]], set)).toEqual([]);

    const dir = await mkdtemp(join(tmpdir(), 'eval-robust-'));
    dirs.push(dir);
    const files = await writeEncoderReport(dir, clean, set, {
      environment,
      command: 'cmd',
      perturbations: list,
    });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'report.md',
      'results.json',
      'triplet-accuracy.png',
      'worst-value.png',
      'robustness.png',
      'perturbations.png',
    ]);
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('![Triplet accuracy under perturbations](robustness.png)');
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
    expect(json.robustness.table[0].method).toBe('value');
  });
});
