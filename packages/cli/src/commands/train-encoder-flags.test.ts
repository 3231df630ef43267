import { describe, expect, it } from 'vitest';
import { assertDataFlags, assertEncoderStage } from './train-encoder-flags.js';

describe('assertDataFlags', () => {
  it('names flags that are not an object, and an unknown stage', () => {
    expect(() => assertDataFlags(null as never)).toThrow(/flags must be an object, got null/);
    expect(() => assertDataFlags({ stage: 'x' } as never)).toThrow(
      /flags\.stage must be one of mae, .*got the string "x"/,
    );
    expect(() => assertEncoderStage('pretrain', 'stage')).toThrow(
      /stage must be one of mae, triplet, expression, head-fit, eye-reader, got the string "pretrain"/,
    );
    expect(() => assertEncoderStage('eye-reader', 'stage')).not.toThrow();
  });

  it('rejects --scene without --synth', () => {
    expect(() => assertDataFlags({ stage: 'mae', data: 'faces', scene: 's.json' })).toThrow(
      /--scene s\.json needs --synth/,
    );
  });

  it('accepts --synth alone and rejects it with file flags, and --synth-seed without it', () => {
    expect(() => assertDataFlags({ stage: 'mae', synth: true, synthSeed: 2 })).not.toThrow();
    expect(() => assertDataFlags({ stage: 'triplet', synth: true })).not.toThrow();
    expect(() => assertDataFlags({ stage: 'mae', synth: true, data: 'f' })).toThrow(
      /--data cannot be combined with --synth/,
    );
    expect(() => assertDataFlags({ stage: 'triplet', synth: true, fec: 'a.csv' })).toThrow(
      /--fec cannot be combined with --synth/,
    );
    expect(() => assertDataFlags({ stage: 'mae', data: 'f', synthSeed: 3 })).toThrow(
      /--synth-seed 3 needs --synth/,
    );
  });

  it('accepts the flags of each stage and names a missing or misplaced one', () => {
    expect(() => assertDataFlags({ stage: 'mae', data: 'faces' })).not.toThrow();
    expect(() => assertDataFlags({ stage: 'triplet', fec: 'a.csv', images: 'img' })).not.toThrow();
    expect(() => assertDataFlags({ stage: 'mae' })).toThrow(/--stage mae needs --data DIR/);
    expect(() => assertDataFlags({ stage: 'mae', data: 'f', images: 'img' })).toThrow(
      /--images is not used by --stage mae/,
    );
    expect(() => assertDataFlags({ stage: 'triplet', data: 'f' })).toThrow(
      /--data is not used by --stage triplet/,
    );
    expect(() => assertDataFlags({ stage: 'triplet', images: 'img' })).toThrow(
      /--stage triplet needs --fec CSV and --images DIR/,
    );
  });
});
