import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { FreeAvatarError, type BackendName } from '@freeavatar/core';
import { addAvatarCommand } from './commands/add-avatar.js';
import { animateCommand } from './commands/animate.js';
import { runBackends } from './commands/backends.js';
import { runCrop } from './commands/crop.js';
import { integerArg, positiveArg } from './commands/option-parsers.js';
import { embedCommand } from './commands/embed.js';
import { evalAllCommand } from './commands/eval-all.js';
import { evalCommand } from './commands/eval.js';
import { searchCommand } from './commands/search.js';
import { synthAvatarPairsCommand } from './commands/synth-avatar-pairs.js';
import { synthClipCommand } from './commands/synth-clip.js';
import { synthFacesCommand } from './commands/synth-faces.js';
import { synthTripletsCommand } from './commands/synth-triplets.js';
import { trainAnimatorCommand } from './commands/train-animator.js';
import { trainEncoderCommand } from './commands/train-encoder-command.js';
import { trainRendererCommand } from './commands/train-renderer.js';
import { createProgressBar } from './terminal/progress-bar.js';

/** The `version` of this package's package.json (`../package.json` from both `src` and `dist`). */
function cliVersion(): string {
  const pkg = createRequire(import.meta.url)('../package.json') as { version: string };
  return pkg.version;
}

const BACKENDS = ['webgpu', 'tensorflow', 'wasm', 'cpu'] as const;

function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend to prefer').choices(
    BACKENDS as unknown as string[],
  );
}

/**
 * Builds the `freeavatar` command line. `out` receives normal output, `err` progress and errors.
 *
 * @example
 * ```ts
 * await createProgram().parseAsync(['node', 'freeavatar', 'backends']);
 * ```
 */
export function createProgram(out: (line: string) => void = console.log): Command {
  const program = new Command('freeavatar')
    .description("Expression transfer from an actor's face to 3D avatars, on TensorFlow.js")
    .version(cliVersion(), '-V, --version', 'print the version of freeavatar')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command('crop')
    .description('Find, align and crop faces in an image, a folder of images or a video')
    .argument('<input>', 'image file, folder of images, or video file')
    .requiredOption('--out <dir>', 'output folder')
    .option('--size <px>', 'crop size in pixels (32..512)', integerArg('--size', 32, 512), 112)
    .option('--max-faces <n>', 'most faces per image', integerArg('--max-faces', 1, 64), 4)
    .option('--fps <n>', 'sample videos at this frame rate', positiveArg('--fps'))
    .addOption(backendOption())
    .action(
      async (
        input: string,
        opts: { out: string; size: number; maxFaces: number; fps?: number; backend?: BackendName },
      ) => {
        const bar = createProgressBar();
        try {
          const summary = await runCrop({ input, ...opts, onProgress: bar.onProgress, log: out });
          bar.stop();
          out(
            `${summary.faces} faces in ${summary.imagesWithFaces}/${summary.images} ${summary.images === 1 ? summary.unit.slice(0, -1) : summary.unit}, ` +
              `${summary.seconds.toFixed(1)} s on ${summary.backend}`,
          );
          out(
            `wrote ${summary.facesJson}${summary.contactSheet ? ` and ${summary.contactSheet}` : ''}`,
          );
        } finally {
          bar.stop();
        }
      },
    );

  program.addCommand(animateCommand(out));

  const synth = program
    .command('synth')
    .description('Make synthetic data: faces, triplets, avatar pairs, reenacted clips');
  synth.addCommand(synthFacesCommand(out));
  synth.addCommand(synthTripletsCommand(out));
  synth.addCommand(synthAvatarPairsCommand(out));
  synth.addCommand(synthClipCommand(out));

  program
    .command('train')
    .description("Train models: the expression encoder, an avatar's neural renderer, the animator")
    .addCommand(trainEncoderCommand(out))
    .addCommand(trainRendererCommand(out))
    .addCommand(trainAnimatorCommand(out));
  program.addCommand(addAvatarCommand(out));
  program.addCommand(embedCommand(out));
  program.addCommand(searchCommand(out));
  program.addCommand(evalCommand(out).addCommand(evalAllCommand(out)));

  program
    .command('backends')
    .description('List the tfjs backends available here and the one that would be chosen')
    .option('--prefer <names...>', `preference order among ${BACKENDS.join(', ')}`)
    .action(async (opts: { prefer?: BackendName[] }) => {
      const { rows, chosen } = await runBackends(opts.prefer);
      for (const row of rows)
        out(`${row.available ? '✓' : '✗'} ${row.name.padEnd(10)} ${row.reason}`);
      out(`chosen: ${chosen}`);
    });

  return program;
}

/**
 * Runs the command line and turns failures into a one-line message and exit code 1 (set
 * `FREEAVATAR_DEBUG=1` to see stack traces).
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv);
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv as string[]);
    return 0;
  } catch (err) {
    const message =
      err instanceof FreeAvatarError
        ? err.message
        : err instanceof Error
          ? err.message
          : String(err);
    console.error(`freeavatar: ${message}`);
    if (process.env.FREEAVATAR_DEBUG && err instanceof Error) console.error(err.stack);
    return 1;
  }
}
