/**
 * Runs `freeavatar animate` end to end on the example clip and prints frames per second and the
 * share of each stage: decode (ffmpeg), crop (face detection, landmarks, alignment), encode
 * (expression encoder), animate (rig network, smoothing, glue), preview (avatar renders,
 * compositing, ffmpeg encoding) and export (JSON, CSV, GLB, Live Link CSV). Model loading is
 * the rest of the wall time. Build first (`npm run build`), then from the repository root:
 *
 *   node packages/cli/bench/animate.mjs [--model default|path] [--encoder default|path]
 *     [--random-models] [--input clip.mp4] [--frames 201] [--avatar all] [--preview mp4]
 *     [--preview-size 128] [--preview-thread worker|main|both] [--crop-thread worker|main|both]
 *     [--mirror-average] [--backend wasm] [--out out/bench-animate]
 *
 * `--mirror-average` times the animator with its `mirrorAverage` option (two crops per encoder
 * call). `--random-models` writes random weights of the shipped shapes (the encoder's `tiny` preset,
 * the animator network's defaults) to a temporary folder and uses them, so the pipeline can be
 * timed before trained weights exist; speed does not depend on the weights' values.
 * `--preview-thread` renders the preview on a worker thread (the default), on the main thread,
 * or `both`: main, worker, main, worker, so that their ratio comes from the same session and
 * neither side gets all of the warm-up. `--crop-thread` does the same for reading the frames
 * and finding their faces (default: a worker thread); with `both`, the preview stays where
 * `--preview-thread` puts it (`both` there too runs every pairing, crop first).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnimatorNetwork, saveAnimatorNetwork } from '@freeavatar/animator';
import { ExpressionModel, saveExpressionModel } from '@freeavatar/expression-encoder';
import { AVATARS, AVATAR_IDS } from '@freeavatar/synth';
import { avatarsArg } from '../dist/commands/animate-options.js';
import { runAnimate } from '../dist/commands/animate-run.js';
import { ANIMATE_STAGES } from '../dist/commands/animate-stages.js';

const argv = process.argv.slice(2);
const flags = new Set(
  argv.filter((a, i) => a.startsWith('--') && (argv[i + 1] ?? '--').startsWith('--')),
);
const args = Object.fromEntries(
  argv.flatMap((a, i) => (a.startsWith('--') && !flags.has(a) ? [[a.slice(2), argv[i + 1]]] : [])),
);
const input =
  args.input ?? fileURLToPath(new URL('../../synth/assets/example/astronaut.mp4', import.meta.url));
const backend = args.backend ?? 'wasm';
const out = args.out ?? 'out/bench-animate';

let model = args.model ?? 'default';
let encoder = args.encoder ?? 'default';
let scratch;
if (flags.has('--random-models')) {
  scratch = await mkdtemp(join(tmpdir(), 'fa-bench-animate-'));
  const expression = ExpressionModel.create('tiny', 1);
  encoder = join(scratch, 'encoder', 'model.json');
  await saveExpressionModel(expression, encoder, { note: 'random weights for timing' });
  const net = createAnimatorNetwork(
    {
      featureSize: expression.config.dim,
      avatars: AVATAR_IDS.map((id) => ({ id, controls: AVATARS[id].rig.map((c) => c.name) })),
    },
    { seed: 1 },
  );
  expression.dispose();
  model = join(scratch, 'animator', 'model.json');
  await saveAnimatorNetwork(net, model);
  net.dispose();
}

async function timeRun(previewWorker, cropWorker) {
  const summary = await runAnimate({
    input,
    out,
    model,
    encoder,
    backend,
    avatars: avatarsArg(args.avatar ?? 'all'),
    maxFrames: args.frames === undefined ? undefined : Number(args.frames),
    preview: args.preview ?? 'mp4',
    previewSize: args['preview-size'] === undefined ? undefined : Number(args['preview-size']),
    previewWorker,
    cropWorker,
    mirrorAverage: flags.has('--mirror-average'),
  });
  const staged = ANIMATE_STAGES.reduce((sum, stage) => sum + summary.stageMs[stage], 0);
  const loading = summary.seconds * 1000 - staged;
  console.log(
    `\npreview on the ${previewWorker ? 'worker thread' : 'main thread'}, ` +
      `faces found on the ${cropWorker ? 'worker thread' : 'main thread'}`,
  );
  console.log(
    `input ${input}\nmodels: ${flags.has('--random-models') ? 'random (tiny encoder, default network)' : `network ${model}, encoder ${encoder}`}`,
  );
  console.log(
    `${summary.frames} frames (${summary.framesWithoutFace} without a face), avatars ${summary.avatars.join(', ')}, ` +
      `backend ${summary.backend}`,
  );
  console.log(
    `end to end: ${summary.seconds.toFixed(2)} s, ${summary.framesPerSecond.toFixed(1)} frames/s ` +
      `(${((summary.frames * 1000) / staged).toFixed(1)} frames/s without model loading)`,
  );
  const rows = [
    ...ANIMATE_STAGES.map((stage) => [stage, summary.stageMs[stage]]),
    ['loading', loading],
  ];
  if (cropWorker) rows.push(['crop (worker, beside)', summary.workerCropMs]);
  console.log('stage      ms total   ms/frame   share of the wall time');
  for (const [stage, ms] of rows) {
    console.log(
      `${stage.padEnd(9)} ${ms.toFixed(0).padStart(9)} ${(ms / summary.frames).toFixed(2).padStart(10)} ` +
        `${((100 * ms) / (summary.seconds * 1000)).toFixed(1).padStart(6)}%`,
    );
  }
  return summary.framesPerSecond;
}

const threads = { worker: [true], main: [false], both: [false, true, false, true] };
const previewThread = args['preview-thread'] ?? 'worker';
const cropThread = args['crop-thread'] ?? 'worker';
for (const [flag, value] of [
  ['--preview-thread', previewThread],
  ['--crop-thread', cropThread],
]) {
  if (!(value in threads)) {
    console.error(`${flag} must be worker, main or both, got ${value}`);
    process.exit(2);
  }
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
try {
  // With both set to `both`, each pairing runs twice, in an order that spreads the warm-up.
  const runs =
    cropThread === 'both' && previewThread !== 'both'
      ? threads.both.map((crop) => [threads[previewThread][0], crop])
      : cropThread === 'both'
        ? threads.both.flatMap((preview) => threads.both.slice(0, 2).map((crop) => [preview, crop]))
        : threads[previewThread].map((preview) => [preview, threads[cropThread][0]]);
  const rates = new Map();
  for (const [previewWorker, cropWorker] of runs) {
    const key = `preview ${previewWorker ? 'worker' : 'main'}, crop ${cropWorker ? 'worker' : 'main'}`;
    rates.set(key, [...(rates.get(key) ?? []), await timeRun(previewWorker, cropWorker)]);
  }
  if (runs.length > 1) {
    console.log('\nframes/s by thread placement:');
    for (const [key, values] of rates)
      console.log(
        `  ${key}: ${values.map((r) => r.toFixed(1)).join(', ')} (mean ${mean(values).toFixed(1)})`,
      );
  }
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
