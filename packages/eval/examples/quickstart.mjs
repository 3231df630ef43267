// Scores two made-up methods with the eval metrics and writes a small report with plots.
// Run from the repository root after `npm run build`:  node packages/eval/examples/quickstart.mjs [outDir]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  curveLag,
  heldSegments,
  markdownTable,
  rigError,
  temporalJitter,
  tripletAccuracy,
  writePlot,
} from '@freeavatar/eval';

const out = process.env.EVAL_EXAMPLE_OUT ?? process.argv[2] ?? 'out/eval-example';
await mkdir(out, { recursive: true });

// Embeddings of four faces and three annotated triplets (indices into the list).
const triplets = [
  { anchor: 0, positive: 1, negative: 2, type: 'ONE_CLASS' },
  { anchor: 1, positive: 3, negative: 0, type: 'TWO_CLASS' },
  { anchor: 2, positive: 3, negative: 0, type: 'THREE_CLASS' },
];
const embeddings = {
  ours: [
    [0, 0],
    [0.2, 0],
    [0.5, 0.1],
    [0.35, 0],
  ],
  'face mesh': [
    [0, 0],
    [0.2, 0],
    [0.6, 0.3],
    [1, 1],
  ],
};

// True and predicted curves of one rig control: a smile that rises, holds, and falls.
const frames = 90;
const truth = Array.from({ length: frames }, (_, t) =>
  t < 10 ? 0 : t < 30 ? (t - 10) / 20 : t < 60 ? 1 : t < 80 ? (80 - t) / 20 : 0,
);
const shift = (curve, by) => curve.map((_, t) => curve[Math.max(0, t - by)]);
const predicted = {
  ours: shift(truth, 1).map((v, t) => v * 0.95 + 0.01 * Math.sin(t)),
  'face mesh': shift(truth, 4).map((v, t) => v * 0.8 + 0.05 * Math.sin(t * 2.1)),
};
const held = heldSegments(truth); // where the true smile stays put: jitter is measured there

const rows = Object.keys(embeddings).map((method) => {
  const rig = rigError({ mouthSmile: predicted[method] }, { mouthSmile: truth });
  return {
    method,
    values: {
      triplet: tripletAccuracy(embeddings[method], triplets).accuracy,
      mae: rig.mean.mae,
      r: rig.mean.pearson,
      jitter: temporalJitter(predicted[method], held),
      lag: curveLag(predicted[method], truth).lag,
    },
  };
});

const table = markdownTable(rows, [
  { key: 'triplet', label: 'triplet accuracy', percent: true, digits: 1, better: 'higher' },
  { key: 'mae', label: 'rig MAE', better: 'lower' },
  { key: 'r', label: 'Pearson r', better: 'higher' },
  { key: 'jitter', label: 'jitter', better: 'lower' },
  { key: 'lag', label: 'lag (frames)', digits: 0 },
]);

await writePlot(join(out, 'rig-error.png'), {
  kind: 'bar',
  title: 'Rig error (lower is better)',
  categories: ['MAE', 'jitter'],
  series: rows.map((r) => ({ name: r.method, values: [r.values.mae, r.values.jitter] })),
});
await writePlot(join(out, 'mouthSmile-scatter.png'), {
  kind: 'scatter',
  title: 'mouthSmile: predicted vs true',
  series: rows.map((r) => ({ name: r.method, x: truth, y: predicted[r.method] })),
});
await writePlot(join(out, 'mouthSmile-curves.png'), {
  kind: 'curves',
  title: 'mouthSmile over time',
  fps: 30,
  yLabel: 'control value',
  series: [
    { name: 'true', values: truth, dashed: true, color: '#555555' },
    ...rows.map((r) => ({ name: r.method, values: predicted[r.method] })),
  ],
});

const report = `# Example report\n\n${table}\n![rig error](rig-error.png)\n\n![scatter](mouthSmile-scatter.png)\n\n![curves](mouthSmile-curves.png)\n`;
await writeFile(join(out, 'report.md'), report);
console.log(table);
console.log(`wrote ${join(out, 'report.md')} and 3 plots`);
