import { describe, expect, it } from 'vitest';
import { VIT_PRESETS, convStemChannels, patchCount, resolveVitConfig } from './presets.js';

describe('ViT presets', () => {
  it('base is the paper ViT-B/16 at 224 px', () => {
    const base = resolveVitConfig('base');
    expect([base.imageSize, base.patchSize, base.dim, base.depth, base.heads]).toEqual([
      224, 16, 768, 12, 12,
    ]);
    expect(patchCount(base)).toBe(196);
  });

  it('micro is a 32 px, one-block encoder of 16 patches', () => {
    const micro = resolveVitConfig('micro');
    expect([micro.imageSize, micro.depth, micro.dim]).toEqual([32, 1, 32]);
    expect(patchCount(micro)).toBe(16);
  });

  it('every preset is valid and embeds to 16 dimensions', () => {
    for (const name of Object.keys(VIT_PRESETS) as (keyof typeof VIT_PRESETS)[]) {
      expect(resolveVitConfig(name).embeddingDim).toBe(16);
    }
  });

  it('overrides fields of tiny, and undefined keeps the default', () => {
    const c = resolveVitConfig({ imageSize: 96, depth: undefined });
    expect(c.imageSize).toBe(96);
    expect(c.depth).toBe(VIT_PRESETS.tiny.depth);
  });

  it('names what is wrong', () => {
    expect(() => resolveVitConfig('huge' as never)).toThrow(/unknown preset "huge"/);
    expect(() => resolveVitConfig({ imageSize: 100 })).toThrow(/multiple of patchSize/);
    expect(() => resolveVitConfig({ heads: 3 })).toThrow(/multiple of heads/);
    expect(() => resolveVitConfig({ depth: 0 })).toThrow(/depth must be a positive integer/);
    expect(() => resolveVitConfig({ convStem: -1 })).toThrow(/convStem must be an integer ≥ 0/);
    expect(() => resolveVitConfig({ positionalPool: 1.5 })).toThrow(
      /positionalPool must be an integer ≥ 0, got 1.5/,
    );
    expect(() => resolveVitConfig({ convStem: 2 })).toThrow(/needs patchSize 4, got 8/);
    expect(() => resolveVitConfig({ alignment: 'mouth' as never })).toThrow(
      /alignment must be one of eyes-mouth, eyes-nose, got "mouth"/,
    );
  });

  it('records the crop alignment, eyes-mouth unless set', () => {
    expect(resolveVitConfig('tiny').alignment).toBe('eyes-mouth');
    expect(resolveVitConfig({ alignment: 'eyes-nose' }).alignment).toBe('eyes-nose');
  });

  it('gives a conv stem channels that double up to the token width', () => {
    expect(convStemChannels(resolveVitConfig({ convStem: 3 }))).toEqual([32, 64, 128]);
    expect(convStemChannels(resolveVitConfig('tiny'))).toEqual(
      VIT_PRESETS.tiny.convStem === 0 ? [] : [32, 64, 128],
    );
  });
});

describe('config helpers on bad input', () => {
  it('name the config', () => {
    expect(() => patchCount(null as never)).toThrow(/config must be an object, got null/);
    expect(() => convStemChannels(null as never)).toThrow(/config must be an object, got null/);
  });
});
