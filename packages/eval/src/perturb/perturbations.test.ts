import { describe, expect, it } from 'vitest';
import { createRng, type RgbImage } from '@freeavatar/core';
import { sampleFaceScene } from '@freeavatar/synth';
import {
  BLUR_SIGMA_FRACTION,
  PERTURBATION_IDS,
  builtInPerturbation,
  perturbationRng,
} from './perturbations.js';
import { gaussianBlur } from './image-perturbations.js';

const grey: RgbImage = {
  width: 112,
  height: 112,
  data: new Uint8Array(112 * 112 * 3).map((_, i) => (i * 37) % 256),
};

describe('builtInPerturbation', () => {
  it('gives image perturbations for blur and noise, scene perturbations for the others', () => {
    const kinds = PERTURBATION_IDS.map((id) => {
      const p = builtInPerturbation(id);
      expect(p.id).toBe(id);
      expect(p.label).not.toBe('');
      expect(p.description.length).toBeGreaterThan(20);
      return [id, p.image ? 'image' : 'scene'];
    });
    expect(Object.fromEntries(kinds)).toEqual({
      blur: 'image',
      noise: 'image',
      occlusion: 'scene',
      yaw: 'scene',
      dark: 'scene',
    });
  });

  it('blurs by a sigma proportional to the picture side, and noise follows the generator', () => {
    const blurred = builtInPerturbation('blur').image!(grey, createRng(1));
    expect(blurred.data).toEqual(gaussianBlur(grey, BLUR_SIGMA_FRACTION * 112).data);
    const noise = builtInPerturbation('noise');
    expect(noise.image!(grey, createRng(4)).data).toEqual(noise.image!(grey, createRng(4)).data);
    expect(noise.image!(grey, createRng(4)).data).not.toEqual(
      noise.image!(grey, createRng(5)).data,
    );
  });

  it('changes the scene as its id says', () => {
    const scene = sampleFaceScene(createRng(1), 'test', { occluderProbability: 0 });
    const yaw = builtInPerturbation('yaw').scene!(scene, createRng(2)).pose.yaw;
    expect(Math.abs(yaw)).toBeGreaterThanOrEqual(30);
    expect(builtInPerturbation('occlusion').scene!(scene, createRng(2)).occluders).toEqual([
      { kind: 'hand', seed: expect.any(Number) },
    ]);
    expect(builtInPerturbation('dark').scene!(scene, createRng(2)).light!.ambient).toBeLessThan(
      0.1,
    );
  });

  it('rejects unknown ids, naming the known ones', () => {
    expect(() => builtInPerturbation('fog' as never)).toThrow(
      "unknown perturbation 'fog'; expected one of blur, noise, occlusion, yaw, dark",
    );
  });
});

describe('perturbationRng', () => {
  it('is the same for the same seed, id and face, and differs otherwise', () => {
    const draw = (seed: number, id: string, face: number): number =>
      perturbationRng(seed, id, face).next();
    expect(draw(1, 'blur', 3)).toBe(draw(1, 'blur', 3));
    const others = [draw(2, 'blur', 3), draw(1, 'noise', 3), draw(1, 'blur', 4)];
    for (const v of others) expect(v).not.toBe(draw(1, 'blur', 3));
  });

  it('names a bad id or face', () => {
    expect(() => perturbationRng(1, undefined as never, 0)).toThrow(
      /id must be a string, got undefined/,
    );
    expect(() => perturbationRng(1, 'blur', -1)).toThrow(
      /face must be a non-negative integer, got the number -1/,
    );
  });
});
