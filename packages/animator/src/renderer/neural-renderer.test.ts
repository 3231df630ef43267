import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { getAvatar } from '@freeavatar/synth';
import { createNeuralRenderer } from './neural-renderer.js';
import { generatorChannels, generatorParamShapes, validateGeneratorConfig } from './generator.js';

const ROBOT_RIG = getAvatar('robot').rig.length;

function rigs(n: number, size: number, offset = 0): Float32Array[] {
  return Array.from({ length: n }, (_, i) =>
    Float32Array.from({ length: size }, (_, j) => ((i * 7 + j * 3 + offset) % 10) / 10),
  );
}

describe('createNeuralRenderer', () => {
  it('renders [n, 64, 64, 3] images in 0–1 from arrays and tensors', () => {
    const renderer = createNeuralRenderer({ avatar: 'robot', width: 32, seed: 1 });
    const before = tf.memory().numTensors;
    const out = renderer.render(rigs(2, ROBOT_RIG));
    expect(out.shape).toEqual([2, 64, 64, 3]);
    const values = out.dataSync();
    expect(Math.min(...values)).toBeGreaterThan(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const input = tf.tensor2d([...rigs(2, ROBOT_RIG)[0], ...rigs(2, ROBOT_RIG)[1]], [2, ROBOT_RIG]);
    const fromTensor = renderer.render(input);
    expect(Array.from(fromTensor.dataSync())).toEqual(Array.from(values));
    const ints = tf.zeros([1, ROBOT_RIG], 'int32') as tf.Tensor2D;
    const fromInts = renderer.render(ints);
    expect(fromInts.shape).toEqual([1, 64, 64, 3]);
    tf.dispose([out, input, fromTensor, ints, fromInts]);
    expect(tf.memory().numTensors).toBe(before);
    renderer.dispose();
  });

  it('gives RGB images, depends on the rig, and is reproducible from its seed', () => {
    const a = createNeuralRenderer({ avatar: 'toon', imageSize: 32, width: 32, seed: 3 });
    const b = createNeuralRenderer({ avatar: 'toon', imageSize: 32, width: 32, seed: 3 });
    const c = createNeuralRenderer({ avatar: 'toon', imageSize: 32, width: 32, seed: 4 });
    const before = tf.memory().numTensors;
    const input = rigs(2, a.config.rigSize);
    const [first, second] = a.renderImages(input);
    expect(first.width).toBe(32);
    expect(first.height).toBe(32);
    expect(first.data.length).toBe(32 * 32 * 3);
    expect(Array.from(first.data)).not.toEqual(Array.from(second.data));
    expect(Array.from(b.renderImages(input)[0].data)).toEqual(Array.from(first.data));
    expect(Array.from(c.renderImages(input)[0].data)).not.toEqual(Array.from(first.data));
    expect(tf.memory().numTensors).toBe(before);
    [a, b, c].forEach((r) => r.dispose());
  });

  it('frees its variables on dispose', () => {
    const before = tf.memory().numTensors;
    const renderer = createNeuralRenderer({ avatar: 'robot', imageSize: 16, width: 16 });
    expect(tf.memory().numTensors).toBe(before + Object.keys(renderer.params).length);
    renderer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => renderer.render(rigs(1, ROBOT_RIG))).toThrow(/disposed/);
  });

  it('sizes its layers from the config', () => {
    const config = { rigSize: 12, imageSize: 64, width: 128 };
    expect(generatorChannels(config)).toEqual([128, 64, 32, 16, 16]);
    expect(() => generatorChannels(null as never)).toThrow(/config must be an object, got null/);
    expect(() => validateGeneratorConfig(42 as never)).toThrow(
      /config must be an object, got the number 42/,
    );
    expect(() => generatorParamShapes({} as never)).toThrow(/rigSize must be an integer/);
    const shapes = generatorParamShapes(config);
    expect(shapes['dense/kernel']).toEqual([12, 2048]);
    expect(shapes['up1/kernel']).toEqual([3, 3, 128, 256]);
    expect(shapes['up4/kernel']).toEqual([3, 3, 16, 64]);
    expect(shapes['up4/bias']).toEqual([64]);
    expect(shapes['rgb/kernel']).toEqual([3, 3, 16, 3]);
    expect(shapes['base/logits']).toEqual([64, 64, 3]);
  });

  it('starts near its base image', () => {
    const size = 16;
    const data = Uint8Array.from({ length: size * size * 3 }, (_, i) => 40 + ((i * 37) % 180));
    const base = { width: size, height: size, data };
    const renderer = createNeuralRenderer({ avatar: 'toon', imageSize: size, width: 16, base });
    const [image] = renderer.renderImages(rigs(1, renderer.config.rigSize));
    const meanError =
      image.data.reduce((sum, v, i) => sum + Math.abs(v - data[i]), 0) / data.length;
    expect(meanError).toBeLessThan(8);
    const grey = createNeuralRenderer({ avatar: 'toon', imageSize: size, width: 16 });
    const [plain] = grey.renderImages(rigs(1, grey.config.rigSize));
    const greyError =
      plain.data.reduce((sum, v, i) => sum + Math.abs(v - data[i]), 0) / data.length;
    expect(greyError).toBeGreaterThan(meanError * 3);
    expect(() => createNeuralRenderer({ avatar: 'toon', imageSize: 32, base })).toThrow(
      /base must be a 32×32 image, got 16×16/,
    );
    renderer.dispose();
    grey.dispose();
  });

  it('rejects wrong rig sizes, bad options and bad inputs with clear errors', () => {
    expect(() => createNeuralRenderer({ avatar: 'robot', rigSize: 5 })).toThrow(
      new RegExp(`rigSize must be the robot rig's ${ROBOT_RIG} controls, got 5`),
    );
    expect(() => createNeuralRenderer({ avatar: 'robot', imageSize: 48 })).toThrow(
      /imageSize must be 4 × a power of two.*got 48/,
    );
    expect(() => createNeuralRenderer({ avatar: 'robot', width: 0 })).toThrow(/width/);
    expect(() => createNeuralRenderer({ avatar: 'robot', seed: -1 })).toThrow(/seed/);
    expect(() => createNeuralRenderer({ avatar: 'nobody' as 'robot' })).toThrow(FreeAvatarError);
    const renderer = createNeuralRenderer({ avatar: 'robot', imageSize: 16, width: 16 });
    const before = tf.memory().numTensors;
    expect(() => renderer.render(rigs(1, ROBOT_RIG + 1))).toThrow(
      new RegExp(
        `rig 0 must be a Float32Array of ${ROBOT_RIG} values, got ${ROBOT_RIG + 1} values`,
      ),
    );
    expect(() => renderer.render([])).toThrow(FreeAvatarError);
    const bad = Float32Array.from({ length: ROBOT_RIG }, () => NaN);
    expect(() => renderer.render([bad])).toThrow(/not finite/);
    const wrong = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => renderer.render(wrong)).toThrow(
      new RegExp(`rigs must have shape \\[n ≥ 1, ${ROBOT_RIG}\\], got \\[2,3\\]`),
    );
    wrong.dispose();
    expect(tf.memory().numTensors).toBe(before);
    renderer.dispose();
  });
});
