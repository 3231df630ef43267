import { Command, Option } from 'commander';
import { BACKEND_NAMES, type BackendName } from '@freeavatar/core';
import { createProgressBar } from '../terminal/progress-bar.js';
import { interruptOnSigint } from '../terminal/interrupt.js';
import { integerArg, numberArg, positiveArg } from './option-parsers.js';
import {
  PREVIEW_CHOICES,
  avatarsArg,
  previewSizeArg,
  smoothingOption,
  type AvatarSelection,
  type PreviewChoice,
} from './animate-options.js';
import { runAnimate, type AnimateSummary } from './animate-run.js';

interface AnimateFlags {
  avatar: AvatarSelection;
  out: string;
  fps?: number;
  smooth?: number | boolean;
  mirrorAverage?: boolean;
  calibrate?: number;
  preview: PreviewChoice;
  previewSize: number;
  maxFrames?: number;
  backend?: BackendName;
  model: string;
  encoder: string;
}

/**
 * The summary lines `freeavatar animate` prints after a run.
 *
 * @example
 * ```ts
 * for (const line of animateSummaryLines(summary)) console.log(line);
 * ```
 */
export function animateSummaryLines(summary: AnimateSummary): string[] {
  const lines = [
    `${summary.stopped === 'interrupted' ? 'interrupted after' : 'animated'} ${summary.frames} ` +
      `frame${summary.frames === 1 ? '' : 's'} for ${summary.avatars.join(', ')}: ` +
      `${summary.framesWithFace} with a face, ${summary.framesWithoutFace} without (held the last pose)`,
    `${summary.seconds.toFixed(1)} s, ${summary.framesPerSecond.toFixed(1)} frames/s end to end on ${summary.backend}`,
  ];
  if (summary.calibrationFaces > 0)
    lines.push(`neutral face calibrated on ${summary.calibrationFaces} frames`);
  if (summary.files.length > 0) lines.push(`wrote ${summary.files.join(', ')}`);
  else lines.push('no frame was animated: nothing written');
  if (summary.preview !== undefined) lines.push(`preview: ${summary.preview}`);
  return lines;
}

/**
 * The `animate` command; `out` receives the summary lines. The first Ctrl-C stops after the
 * current frame, writes the animation and preview of the frames done and sets exit code 130;
 * a second one exits at once.
 *
 * @example
 * ```ts
 * program.addCommand(animateCommand(console.log));
 * ```
 */
export function animateCommand(out: (line: string) => void): Command {
  return new Command('animate')
    .description(
      "Drive avatars from an actor's face: animation JSON/CSV, GLB, Live Link CSV and a preview",
    )
    .argument('<input>', 'video, image, or folder of frames (in name order)')
    .option('--avatar <ids>', "avatar ids separated by commas, or 'all'", avatarsArg, 'all')
    .requiredOption('--out <dir>', 'output folder')
    .option(
      '--fps <n>',
      'videos: sample at this rate; folders: their frame rate (default 30)',
      positiveArg('--fps'),
    )
    .option(
      '--smooth <hz>',
      'One-Euro cut-off at rest in Hz: lower is smoother (default 1.5)',
      positiveArg('--smooth'),
    )
    .option('--no-smooth', 'no smoothing of the rigs over time')
    .option(
      '--mirror-average',
      'read each face as it is and mirrored, and average the two rigs (steadier, slower encoding)',
    )
    .option(
      '--calibrate <seconds>',
      "take the actor's neutral face from the first seconds",
      numberArg('--calibrate', 0.01, 600),
    )
    .addOption(
      new Option('--preview <kind>', 'preview video').choices([...PREVIEW_CHOICES]).default('mp4'),
    )
    .option('--preview-size <px>', 'preview cell size in pixels (even)', previewSizeArg, 128)
    .option('--max-frames <n>', 'stop after this many frames', integerArg('--max-frames', 1, 1e9))
    .addOption(new Option('--backend <name>', 'tfjs backend to prefer').choices([...BACKEND_NAMES]))
    .option('--model <path>', "animator network model.json, or 'default' (shipped)", 'default')
    .option('--encoder <path>', "expression encoder model.json, or 'default' (shipped)", 'default')
    .action(async (input: string, flags: AnimateFlags) => {
      const bar = createProgressBar();
      const interrupt = interruptOnSigint({
        onFirst: () =>
          process.stderr.write(
            '\nstopping after this frame and writing what was done (Ctrl-C again to quit now)\n',
          ),
      });
      try {
        const summary = await runAnimate({
          input,
          out: flags.out,
          avatars: flags.avatar,
          fps: flags.fps,
          maxFrames: flags.maxFrames,
          smoothing: smoothingOption(flags.smooth),
          mirrorAverage: flags.mirrorAverage === true,
          calibrateSeconds: flags.calibrate,
          preview: flags.preview,
          previewSize: flags.previewSize,
          model: flags.model,
          encoder: flags.encoder,
          backend: flags.backend,
          signal: interrupt.signal,
          onProgress: bar.onProgress,
          log: out,
        });
        bar.stop();
        for (const line of animateSummaryLines(summary)) out(line);
        // 130 = stopped by SIGINT, so `animate ... && next-step` does not go on after Ctrl-C.
        if (summary.stopped === 'interrupted') process.exitCode = 130;
      } finally {
        interrupt.dispose();
        bar.stop();
      }
    });
}
