import { describe, expect, it } from 'vitest';
import type { DetectedFace } from '@freeavatar/face-crop';
import { alignFaces } from './align.js';
import { valueImage } from './test-utils/fake-set.js';

describe('alignFaces', () => {
  it('keeps the detected face, or the plain picture where none is found, and counts those', async () => {
    const found = { crop: valueImage(9), landmarks: [] } as unknown as DetectedFace;
    const cropper = {
      detect: async (image: { data: Uint8Array }) => (image.data[0] === 0 ? [] : [found]),
    };
    const faces = [1, 0, 2].map((v) => ({ image: valueImage(v) }));
    const events: number[] = [];
    const { inputs, withoutFace } = await alignFaces(faces, cropper as never, {
      onProgress: (e) => events.push(e.done),
    });
    expect(withoutFace).toBe(1);
    expect(inputs[0]).toBe(found);
    expect(inputs[1]).toBe(faces[1].image);
    expect(inputs[2]).toBe(found);
    expect(events).toEqual([1, 2, 3]);
  });

  it('rejects a cropper without detect', async () => {
    await expect(alignFaces([], {} as never)).rejects.toThrow(/cropper must be a face cropper/);
  });
});
