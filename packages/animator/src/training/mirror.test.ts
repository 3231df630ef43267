import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { AVATAR_IDS, AVATARS } from '@freeavatar/synth';
import { mirrorControlName, mirrorImages, mirrorPermutation, mirrorRigs } from './mirror.js';

describe('mirrorControlName', () => {
  it('swaps the side spellings the rigs use and leaves unsided names alone', () => {
    expect(mirrorControlName('eyeBlinkLeft')).toBe('eyeBlinkRight');
    expect(mirrorControlName('mouthRight')).toBe('mouthLeft');
    expect(mirrorControlName('lookLeft')).toBe('lookRight');
    expect(mirrorControlName('winkL')).toBe('winkR');
    expect(mirrorControlName('smirkR')).toBe('smirkL');
    expect(mirrorControlName('brow_L')).toBe('brow_R');
    expect(mirrorControlName('brow_r')).toBe('brow_l');
    expect(mirrorControlName('leftEar')).toBe('rightEar');
    expect(mirrorControlName('jawOpen')).toBeUndefined();
    expect(mirrorControlName('URL')).toBeUndefined();
    expect(() => mirrorControlName(42 as never)).toThrow(
      /name must be a string, got the number 42/,
    );
  });
});

describe('mirrorPermutation', () => {
  it('pairs sided controls present on both sides and is its own inverse', () => {
    expect(Array.from(mirrorPermutation(['blink', 'winkL', 'winkR', 'lookLeft']))).toEqual([
      0, 2, 1, 3,
    ]);
    for (const id of AVATAR_IDS) {
      const names = AVATARS[id].rig.map((c) => c.name);
      const perm = mirrorPermutation(names);
      perm.forEach((j, i) => expect(perm[j], `${id} ${names[i]}`).toBe(i));
      const swapped = names.filter((_, i) => perm[i] !== i).length;
      expect(swapped, id).toBeGreaterThan(0);
      if (id === 'human') {
        const at = (n: string): number => names.indexOf(n);
        expect(perm[at('eyeBlinkLeft')]).toBe(at('eyeBlinkRight'));
        expect(perm[at('mouthLeft')]).toBe(at('mouthRight'));
        expect(perm[at('eyeLookInLeft')]).toBe(at('eyeLookInRight'));
        expect(perm[at('jawOpen')]).toBe(at('jawOpen'));
        expect(swapped).toBe(40); // all but the 12 unsided ARKit shapes (jawOpen, cheekPuff, …)
      }
    }
  });

  it('rejects empty and duplicate names', () => {
    expect(() => mirrorPermutation([])).toThrow(/non-empty/);
    expect(() => mirrorPermutation(['a', 'a'])).toThrow(/control "a" appears twice/);
  });
});

describe('mirrorRigs / mirrorImages', () => {
  it('mirrors rig vectors and images without leaking', () => {
    const rigs = tf.tensor2d([[0.1, 0.2, 0.3]]);
    const images = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    const before = tf.memory().numTensors;
    const r = mirrorRigs(rigs, Int32Array.from([0, 2, 1]));
    const m = mirrorImages(images);
    expect(Array.from(r.dataSync())).toEqual([0.1, 0.3, 0.2].map(Math.fround));
    expect(Array.from(m.dataSync())).toEqual([4, 5, 6, 1, 2, 3]);
    tf.dispose([r, m]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => mirrorRigs(rigs, Int32Array.from([0, 1]))).toThrow(/shape \[n, 2\]/);
    expect(() => mirrorRigs(null as never, Int32Array.from([0]))).toThrow(
      /rigs must be a tf.Tensor, got null/,
    );
    expect(() => mirrorRigs(rigs, undefined as never)).toThrow(
      /permutation must be an Int32Array, got undefined/,
    );
    expect(() => mirrorImages(rigs as unknown as tf.Tensor4D)).toThrow(/\[n, h, w, c\]/);
    tf.dispose([rigs, images]);
  });
});
