import { describe, expect, it } from 'vitest';
import { avatarCropBoxes, assertCropBox } from './crop-boxes.js';

describe('avatarCropBoxes', () => {
  it.each(['robot', 'toon', 'human'] as const)(
    'puts the %s eyes above its mouth, inside the image',
    (avatar) => {
      const { eyes, mouth } = avatarCropBoxes(avatar, 64);
      assertCropBox(eyes, 64, 'eyes');
      assertCropBox(mouth, 64, 'mouth');
      expect(eyes.top + eyes.height / 2).toBeLessThan(mouth.top + mouth.height / 2);
      // Real regions, not the whole frame.
      expect(eyes.width * eyes.height).toBeGreaterThan(16);
      expect(eyes.width * eyes.height).toBeLessThan(64 * 64 * 0.6);
      expect(mouth.width * mouth.height).toBeGreaterThan(16);
      expect(mouth.width * mouth.height).toBeLessThan(64 * 64 * 0.6);
    },
  );

  it('scales with the image size', () => {
    const small = avatarCropBoxes('robot', 32);
    const large = avatarCropBoxes('robot', 64);
    expect(Math.abs(large.mouth.top - 2 * small.mouth.top)).toBeLessThanOrEqual(4);
  });

  it('rejects bad sizes and boxes', () => {
    expect(() => avatarCropBoxes('robot', 4)).toThrow(/size must be an integer in 8..2048, got 4/);
    expect(() => assertCropBox({ top: 60, left: 0, height: 8, width: 8 }, 64, 'eyes')).toThrow(
      /eyes box must be whole pixels inside a 64×64 image/,
    );
  });
});
