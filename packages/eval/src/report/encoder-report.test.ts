import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { evaluateFeatureMethods } from '../harness/evaluate.js';
import { sixTriplets, valueImage, valueMethod } from '../harness/test-utils/fake-set.js';
import { encoderPlots, methodSlug } from './encoder-plots.js';
import { encoderReportMarkdown, encoderResultsJson, writeEncoderReport } from './encoder-report.js';
import type { RunEnvironment } from './environment.js';

const environment: RunEnvironment = {
  commit: '0123456789abcdef0123456789abcdef01234567',
  uncommittedChanges: false,
  cpu: 'Test CPU @ 1.00GHz',
  cores: 2,
  os: 'linux 6.1.0 x64',
  node: 'v20.0.0',
  backend: 'wasm',
  date: '2025-01-02T03:04:05.000Z',
};
const command = 'npx freeavatar eval encoder --count 6 --seed 1 --out out/test';
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function evaluation() {
  return evaluateFeatureMethods(sixTriplets(), [
    { ...valueMethod('value'), source: '`runs/value/model.json` (stage mae)' },
    valueMethod('fragile', { throwFor: [5] }),
    { name: 'FreeAvatar encoder', unavailable: 'not available (no trained weights)' },
  ]);
}

describe('encoder report', () => {
  it('writes report.md, results.json and the PNG plots', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-report-'));
    dirs.push(dir);
    const out = join(dir, 'nested', 'report');
    const files = await writeEncoderReport(out, await evaluation(), sixTriplets(), {
      environment,
      command,
      seconds: 12.3,
    });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'report.md',
      'results.json',
      'triplet-accuracy.png',
      'worst-value.png',
      'worst-fragile.png',
    ]);
    expect((await readdir(out)).sort()).toEqual(files.map((f) => f.slice(out.length + 1)).sort());
    for (const png of files.filter((f) => f.endsWith('.png'))) {
      const bytes = await readFile(png);
      expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    }
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(command);
    expect(md).toContain('commit `0123456789ab`');
    expect(md).toContain('Test CPU @ 1.00GHz × 2');
    expect(md).toContain('2025-01-02');
    expect(md).toContain('The run took 12 s');
    expect(md).toMatch(
      /\| value\s+\|\s+\*\*66\.7%\*\* \|\s+\*\*100\.0%\*\* \|\s+\*\*50\.0%\*\* \|/,
    );
    expect(md).toMatch(/\| FreeAvatar encoder \(not run\) \|\s+— \|/);
    expect(md).toContain('**FreeAvatar encoder**: not available (no trained weights).');
    expect(md).toContain(
      'an error on 1 of 9 faces; the 2 triplets that include them count as wrong',
    );
    expect(md).toContain('![Worst triplets: fragile](worst-fragile.png)');
    expect(md).toContain('- **value**: model `runs/value/model.json` (stage mae).');
    expect(md).toContain('## The fine-tuned embedding against its baselines');
    expect(md).toContain(
      'This cannot be checked here: FreeAvatar encoder did not run (not available (no trained weights)).',
    );
    expect(md).not.toContain('## Robustness');
    // faces of unknown view: no accuracy by view
    expect(md).not.toContain('## Triplet accuracy by how the faces were seen');
    const json = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(json.byView).toBeNull();
    expect(json).toMatchObject({
      format: 'freeavatar-eval-encoder',
      version: 1,
      command,
      seconds: 12.3,
    });
    expect(json.environment).toEqual(environment);
    expect(json.data).toMatchObject({ triplets: 6, faces: 9 });
    expect(json.methods[0].scores.triplets).toMatchObject({ correct: 4, total: 6 });
    expect(json.methods[1].faces.failed).toBe(1);
    expect(json.methods[0].source).toBe('`runs/value/model.json` (stage mae)');
    expect(json.comparison).toMatchObject({ method: 'FreeAvatar encoder', beatsAll: null });
    expect(json.robustness).toEqual({ perturbations: [], table: [] });
    expect(json.methods[2]).toEqual({
      name: 'FreeAvatar encoder',
      available: false,
      reason: 'not available (no trained weights)',
    });
  });

  it('splits the accuracy by how the faces were seen, when the set knows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-report-'));
    dirs.push(dir);
    const set = sixTriplets();
    // face 4 under a hand, face 7 turned 40°: triplets 0–1 clear, 2–3 covered, 4–5 turned
    const viewed = {
      ...set,
      faces: set.faces.map((f, i) => ({
        ...f,
        view: { yaw: i === 7 ? 40 : 0, occluder: i === 4 ? 'hand' : null },
      })),
    };
    await writeEncoderReport(dir, await evaluation(), viewed, { environment, command });
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('## Triplet accuracy by how the faces were seen');
    expect(md).toContain('a standard error of at most 35.4 points');
    expect(md).toContain('every face clear (no occluder, \\|yaw\\| < 30°) (2) ↑');
    expect(md).toMatch(/\| value +\| +\*\*66\.7%\*\* \| +\*\*100\.0%\*\* \| +\*\*50\.0%\*\* \|/);
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
    expect(json.byView.rows[0]).toMatchObject({ method: 'value', accuracy: { clear: 1 } });
  });

  it('adds retrieval and invariance charts when the data has labels', async () => {
    const set = sixTriplets();
    const labelled = {
      ...set,
      faces: set.faces.map((f, i) => ({
        ...f,
        emotion: i % 2 ? 'happy' : 'sad',
        identity: `person ${i % 3}`,
      })),
    };
    // One more than each value: no zero vector, so cosine retrieval can rank every face.
    const ev = await evaluateFeatureMethods(labelled, [valueMethod('value')], {
      inputs: set.faces.map((f) => valueImage(f.image.data[0] + 1)),
    });
    expect(ev.data.emotions).toEqual({ sad: 5, happy: 4 });
    const md = encoderReportMarkdown({ evaluation: ev, environment, command, plots: [] });
    // Same-emotion pairs: (5·4 + 4·3) / (9·8) = 32/72.
    expect(md).toContain(
      'Emotion labels: sad 5, happy 4. A random ranking would get an emotion mAP of about 0.444',
    );
    const plots = encoderPlots(ev, labelled);
    expect(plots.map((p) => p.file)).toEqual([
      'triplet-accuracy.png',
      'retrieval.png',
      'identity-invariance.png',
      'worst-value.png',
    ]);
    const strip = plots[3].spec;
    expect(strip.kind).toBe('strip');
    if (strip.kind === 'strip') {
      expect(strip.items).toHaveLength(15); // five worst triplets × anchor, positive, negative
      expect(strip.items[1].caption).toMatch(/^positive\n\((happy|sad)\)\nd\(p,n\) 1\.00$/);
      expect(strip.items[1].captionColor).toBe('#D55E00'); // d(p,n) 1 < d(a,p) 3 breaks the rule
    }
  });

  it('builds the markdown and JSON without writing, and rejects an empty evaluation', async () => {
    const ev = await evaluation();
    const input = {
      evaluation: ev,
      environment: { ...environment, commit: null },
      command,
      plots: [],
    };
    const md = encoderReportMarkdown(input);
    expect(md).toContain('an unknown commit');
    expect(md).not.toContain('## Plots');
    expect(encoderResultsJson(input).plots).toEqual([]);
    expect(() => encoderReportMarkdown({ ...input, evaluation: { ...ev, methods: [] } })).toThrow(
      FreeAvatarError,
    );
    expect(methodSlug('face-api expressions')).toBe('face-api-expressions');
    expect(methodSlug('FreeAvatar encoder (v2)')).toBe('freeavatar-encoder-v2');
    expect(() => methodSlug(42 as never)).toThrow(/name must be a string, got the number 42/);
    expect(() => encoderPlots(null as never, sixTriplets())).toThrow(
      /evaluation must be an object, got null/,
    );
    expect(() => encoderReportMarkdown(null as never)).toThrow(/input must be an object, got null/);
    expect(() => encoderResultsJson({ ...input, plots: undefined as never })).toThrow(
      /input\.plots must be an array, got undefined/,
    );
    await expect(writeEncoderReport(42 as never, ev, sixTriplets(), input)).rejects.toThrow(
      /dir must be a non-empty string, got the number 42/,
    );
  });
});
