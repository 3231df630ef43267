import { describe, expect, it } from 'vitest';
import { VIT_PRESETS, patchCount, resolveVitConfig } from './presets.js';

describe('ViT presets', () => {
  it('base is the paper ViT-B/16 at 224 px', () => {
    const base = resolveVitConfig('base');
    expect([base.imageSize, base.patchSize, base.dim, base.depth, base.heads]).toEqual([
      224, 16, 768, 12, 12,
    ]);
    expect(patchCount(base)).toBe(196);
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
  });
});
