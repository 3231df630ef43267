import { Command, Option } from 'commander';
import {
  FreeAvatarError,
  assertArgument,
  assertNonEmptyString,
  assertObject,
  contactSheet,
  describeValue,
  encodeImage,
  progressReporter,
  writeImageFile,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import {
  ARKIT_BLENDSHAPE_NAMES,
  AVATAR_IDS,
  createAvatarPairStream,
  retargetFormulas,
  type AvatarId,
} from '@freeavatar/synth';
import { createProgressBar } from '../terminal/progress-bar.js';
import { integerArg } from './option-parsers.js';

/**
 * Options of {@link runSynthAvatarPairs}.
 *
 * @example
 * ```ts
 * const options: SynthAvatarPairsOptions = { avatar: 'robot', out: 'data/robot', count: 1000, size: 64 };
 * ```
 */
export interface SynthAvatarPairsOptions {
  readonly avatar: AvatarId;
  /** Output folder; created if missing. */
  readonly out: string;
  /** Number of pairs, 1..10,000,000. */
  readonly count: number;
  /** Side of the square renders in pixels. */
  readonly size: number;
  /** Seed of the expression sampler (default 0). */
  readonly seed?: number;
  /** Images per shard folder (default 1000). */
  readonly shardSize?: number;
  /** Anti-aliasing samples per pixel side (default 2). */
  readonly supersample?: number;
  /** Write into a folder that already holds a dataset (default false). */
  readonly overwrite?: boolean;
  readonly onProgress?: ProgressCallback;
}

/**
 * What {@link runSynthAvatarPairs} wrote.
 *
 * @example
 * ```ts
 * declare const options: SynthAvatarPairsOptions;
 * const { labels, shards } = await runSynthAvatarPairs(options);
 * ```
 */
export interface SynthAvatarPairsSummary {
  readonly out: string;
  readonly avatar: AvatarId;
  readonly count: number;
  readonly controls: number;
  readonly shards: number;
  /** `labels.jsonl` path. */
  readonly labels: string;
  /** `preview.png` path: the first 64 renders. */
  readonly preview: string;
  readonly seconds: number;
  readonly pairsPerSecond: number;
}

/** The metadata file of a dataset folder. */
const DATASET_FILE = 'dataset.json';

/**
 * Relative path of render `index` in an avatar-pairs dataset with shards of `shardSize`.
 *
 * @example
 * ```ts
 * avatarPairImagePath(1234, 1000); // 'images/shard-0001/pair-0001234.png'
 * ```
 */
export function avatarPairImagePath(index: number, shardSize: number): string {
  assertArgument(
    Number.isInteger(index) && index >= 0,
    `index must be an integer >= 0, got ${describeValue(index)}`,
  );
  assertArgument(
    Number.isInteger(shardSize) && shardSize >= 1,
    `shardSize must be a positive integer, got ${describeValue(shardSize)}`,
  );
  const shard = String(Math.floor(index / shardSize)).padStart(4, '0');
  return `images/shard-${shard}/pair-${String(index).padStart(7, '0')}.png`;
}

const round4 = (values: Float32Array): number[] =>
  Array.from(values, (v) => Math.round(v * 1e4) / 1e4);

/**
 * `freeavatar synth avatar-pairs`: writes paired data for one avatar. Each sample is an ARKit
 * expression from the synthetic sampler, its ground-truth rig (`retarget`) and a front-view
 * render of the avatar in that rig:
 *
 * - `images/shard-0000/pair-0000000.png` ... (`shardSize` renders per folder),
 * - `labels.jsonl`: one line per render in index order, `{ index, file, avatar, rig, arkit,
 *   kind, emotions }` (`rig` in the avatar's control order, `arkit` in ARKit order),
 * - `dataset.json`: format, avatar, control names, ARKit names, retargeting formulas, size,
 *   seed, counts,
 * - `preview.png`: the first 64 renders.
 *
 * Sample `i` depends only on the avatar, the seed and `i`.
 *
 * @throws FreeAvatarError for bad options or an `out` that already holds a dataset (unless
 *   `overwrite`).
 * @example
 * ```ts
 * const summary = await runSynthAvatarPairs({ avatar: 'toon', out: 'data/toon', count: 5000, size: 64, seed: 1 });
 * console.log(`${summary.count} pairs, ${summary.pairsPerSecond.toFixed(0)}/s`);
 * ```
 */
export async function runSynthAvatarPairs(
  options: SynthAvatarPairsOptions,
): Promise<SynthAvatarPairsSummary> {
  assertObject(options, 'options');
  const { fs, path } = { fs: await import('node:fs/promises'), path: await import('node:path') };
  const { out, count, avatar } = options;
  assertNonEmptyString(out, 'options.out');
  assertArgument(
    Number.isInteger(count) && count >= 1 && count <= 10_000_000,
    `options.count must be an integer in 1..10000000, got ${describeValue(count)}`,
  );
  const shardSize = options.shardSize ?? 1000;
  assertArgument(
    Number.isInteger(shardSize) && shardSize >= 1,
    `options.shardSize must be a positive integer, got ${describeValue(shardSize)}`,
  );
  const stream = createAvatarPairStream({
    avatar,
    size: options.size,
    seed: options.seed ?? 0,
    supersample: options.supersample,
  });
  const existing = await fs.stat(path.join(out, DATASET_FILE)).catch(() => undefined);
  if (existing && !options.overwrite) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${out} already holds a dataset (${DATASET_FILE}); choose another folder or pass overwrite`,
      { subject: out },
    );
  }
  const shards = Math.ceil(count / shardSize);
  for (let s = 0; s < shards; s++) {
    const dir = path.dirname(avatarPairImagePath(s * shardSize, shardSize));
    await fs.mkdir(path.join(out, dir), { recursive: true });
  }
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const labelsPath = path.join(out, 'labels.jsonl');
  const labels = await fs.open(labelsPath, 'w');
  const pending = new Set<Promise<void>>();
  const preview: RgbImage[] = [];
  let lines: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const pair = stream.pairAt(i);
      const file = avatarPairImagePath(i, shardSize);
      const job: Promise<void> = encodeImage(pair.image, 'png')
        .then((bytes) => fs.writeFile(path.join(out, file), bytes))
        .finally(() => pending.delete(job));
      pending.add(job);
      if (pending.size >= 8) await Promise.race(pending);
      lines.push(
        JSON.stringify({
          index: i,
          file,
          avatar: pair.avatar,
          rig: round4(pair.rig),
          arkit: round4(pair.arkit),
          kind: pair.kind,
          emotions: pair.emotions,
        }),
      );
      if (lines.length >= 256) {
        await labels.write(lines.join('\n') + '\n');
        lines = [];
      }
      if (preview.length < 64) preview.push(pair.image);
      report({ task: 'synth:avatar-pairs', done: i + 1, total: count, unit: 'pairs' });
    }
    if (lines.length > 0) await labels.write(lines.join('\n') + '\n');
    await Promise.all(pending);
  } finally {
    await labels.close();
  }
  const previewPath = path.join(out, 'preview.png');
  await writeImageFile(previewPath, contactSheet(preview, { columns: 8 }));
  const meta = {
    format: 'freeavatar-synth-avatar-pairs',
    version: 1,
    avatar,
    count,
    size: stream.size,
    supersample: options.supersample ?? 2,
    seed: stream.seed,
    shardSize,
    images: 'images',
    labels: 'labels.jsonl',
    preview: 'preview.png',
    controls: stream.avatar.rig.map((c) => c.name),
    blendshapes: ARKIT_BLENDSHAPE_NAMES,
    retargeting: retargetFormulas(avatar),
  };
  await fs.writeFile(path.join(out, DATASET_FILE), JSON.stringify(meta, null, 2) + '\n');
  const seconds = (performance.now() - started) / 1000;
  return {
    out,
    avatar,
    count,
    controls: stream.avatar.rig.length,
    shards,
    labels: labelsPath,
    preview: previewPath,
    seconds,
    pairsPerSecond: count / seconds,
  };
}

/**
 * The `synth avatar-pairs` subcommand; `out` receives the summary lines.
 *
 * @example
 * ```ts
 * program.command('synth').addCommand(synthAvatarPairsCommand(console.log));
 * ```
 */
export function synthAvatarPairsCommand(out: (line: string) => void): Command {
  return new Command('avatar-pairs')
    .description(
      'Render rig vectors and avatar images from sampled expressions: PNG shards + labels.jsonl',
    )
    .addOption(
      new Option('--avatar <id>', 'avatar to pose')
        .choices(AVATAR_IDS as unknown as string[])
        .makeOptionMandatory(),
    )
    .requiredOption('--count <n>', 'number of pairs', integerArg('--count', 1, 10_000_000))
    .requiredOption('--out <dir>', 'output folder')
    .option('--size <px>', 'image side in pixels (8..1024)', integerArg('--size', 8, 1024), 64)
    .option('--seed <k>', 'seed of the expression sampler', integerArg('--seed', 0, 2 ** 31 - 1), 0)
    .option(
      '--shard-size <n>',
      'images per shard folder',
      integerArg('--shard-size', 1, 1_000_000),
      1000,
    )
    .option(
      '--supersample <k>',
      'anti-aliasing samples per pixel side (1..4)',
      integerArg('--supersample', 1, 4),
      2,
    )
    .option('--overwrite', 'write into a folder that already holds a dataset', false)
    .action(
      async (flags: {
        avatar: AvatarId;
        count: number;
        out: string;
        size: number;
        seed: number;
        shardSize: number;
        supersample: number;
        overwrite: boolean;
      }) => {
        const bar = createProgressBar();
        try {
          const summary = await runSynthAvatarPairs({ ...flags, onProgress: bar.onProgress });
          bar.stop();
          out(
            `${summary.count} ${summary.avatar} pairs (${summary.controls} controls) in ${summary.shards} ${summary.shards === 1 ? 'shard' : 'shards'}, ` +
              `${summary.seconds.toFixed(1)} s (${summary.pairsPerSecond.toFixed(0)} pairs/s)`,
          );
          out(`wrote ${summary.labels} and ${summary.preview}`);
        } finally {
          bar.stop();
        }
      },
    );
}
