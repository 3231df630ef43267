import { describe, expect, it } from 'vitest';
import { trainEncoderCommand } from './train-encoder-command.js';
import { parseFailing } from './test-utils/cli-helpers.js';

describe('freeavatar train encoder: its flags', () => {
  const base = ['train', 'encoder', '--out', 'runs/never'];

  it('offers every stage and the presets, with their defaults in the help', () => {
    // The help wraps at the terminal's width: compare it with its whitespace folded.
    const help = trainEncoderCommand(() => {})
      .helpInformation()
      .replace(/\s+/g, ' ');
    expect(help).toMatch(/"mae", "expression", "head-fit", "eye-reader", "triplet"/);
    expect(help).toMatch(
      /--preset <name> encoder size \(choices: "micro", "tiny", "small", "base", default: "tiny"\)/,
    );
    expect(help).toContain('--no-render-worker');
  });

  it('names a missing or unknown stage and out-of-range numbers before any work', async () => {
    expect(await parseFailing(base)).toMatch(/required option '--stage <stage>' not specified/);
    expect(await parseFailing([...base, '--stage', 'pretrain'])).toMatch(
      /argument 'pretrain' is invalid.*Allowed choices are mae, expression, head-fit, eye-reader, triplet/s,
    );
    expect(await parseFailing([...base, '--stage', 'mae', '--steps', '0'])).toMatch(
      /--steps must be an integer in 1\.\.100000000, got 0/,
    );
    expect(await parseFailing([...base, '--stage', 'mae', '--positional-pool', '300'])).toMatch(
      /--positional-pool must be an integer in 0\.\.256, got 300/,
    );
    expect(await parseFailing([...base, '--stage', 'expression', '--lr', '-1'])).toMatch(
      /--lr must be a positive number, got -1/,
    );
    expect(await parseFailing([...base, '--stage', 'expression', '--alignment', 'nose'])).toMatch(
      /argument 'nose' is invalid/,
    );
  });
});
