import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, readImageFile, type RgbImage } from '@freeavatar/core';
import {
  ExpressionModel,
  createExpressionEncoder,
  saveExpressionModel,
  VIT_PRESETS,
  type ExpressionEncoder,
} from '@freeavatar/expression-encoder';
import { realignFace } from '@freeavatar/face-crop';
import { AVATARS } from '@freeavatar/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnimatorNetwork, type AnimatorNetwork } from '../network/animator-network.js';
import { saveAnimatorNetwork } from '../network/network-file.js';
import { maxAbsDiff } from '../test-utils/tracks.js';
import { mirrorPermutation } from '../training/mirror.js';
import { createAnimator } from './animator.js';
import { mirrorAveragedRigs } from './mirror-average.js';
import type { Animator } from './animator-types.js';
import { defaultAnimatorModelUrl, resolveDefaultAnimatorModel } from './default-model.js';

const ASTRONAUT = fileURLToPath(
  new URL('../../../face-crop/fixtures/astronaut.png', import.meta.url),
);
const BLANK: RgbImage = { width: 96, height: 96, data: new Uint8Array(96 * 96 * 3) };
/** The tiny random-weight encoder the tests run on (32-px input). */
const TINY_ENCODER = VIT_PRESETS.micro;
const AVATAR_SPECS = (['robot', 'toon'] as const).map((id) => ({
  id,
  controls: AVATARS[id].rig.map((c) => c.name),
}));

let dir = '';
let encoderPath = '';
let encoder: ExpressionEncoder;
let network: AnimatorNetwork;
let animator: Animator;
let astronaut: RgbImage;

/** A seeded aligned crop `[1, 32, 32, 3]` in 0–1, plus uniform noise of ± `noise`. */
function crop(seed: number, noise = 0, base = 1): tf.Tensor4D {
  const smooth = createRng(base);
  const rng = createRng(seed);
  const values = new Float32Array(32 * 32 * 3);
  const tint = [smooth.next(), smooth.next(), smooth.next()];
  for (let i = 0; i < values.length; i++) {
    const x = (i / 3) % 32;
    const v = tint[i % 3] * (0.4 + x / 64) + noise * (2 * rng.next() - 1);
    values[i] = Math.min(1, Math.max(0, v));
  }
  return tf.tensor4d(values, [1, 32, 32, 3]);
}

/** The network's rig for one feature vector, computed directly. */
function direct(feature: Float32Array, avatar: string): Float32Array {
  const input = tf.tensor2d(feature, [1, feature.length]);
  const out = network.predict(input, avatar);
  const values = out.dataSync() as Float32Array;
  tf.dispose([input, out]);
  return values;
}

/** Mean absolute frame-to-frame change of a sequence of vectors. */
function jitter(vectors: Float32Array[]): number {
  let sum = 0;
  for (let t = 1; t < vectors.length; t++) sum += maxAbsDiff(vectors[t], vectors[t - 1]);
  return sum / (vectors.length - 1);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-animator-'));
  encoderPath = join(dir, 'encoder', 'model.json');
  const model = ExpressionModel.create(TINY_ENCODER, 17);
  await saveExpressionModel(model, encoderPath);
  model.dispose();
  encoder = await createExpressionEncoder({ model: encoderPath, backend: 'wasm' });
  network = createAnimatorNetwork(
    { featureSize: 32, width: 16, blocks: 1, avatars: AVATAR_SPECS },
    { seed: 1 },
  );
  animator = await createAnimator({ model: network, encoder });
  astronaut = await readImageFile(ASTRONAUT);
});

afterAll(async () => {
  animator.dispose();
  network.dispose();
  encoder.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('createAnimator: image mode', () => {
  it('animates an aligned crop for one or several avatars, as the network does', async () => {
    const face = crop(1);
    const before = tf.memory().numTensors;
    const one = await animator.animate(face, 'robot');
    const both = await animator.animate(face, ['toon', 'robot']);
    expect(tf.memory().numTensors).toBe(before);
    expect(one?.detection).toBeUndefined();
    const robot = one!.avatars.robot;
    expect(robot.vector).toHaveLength(12);
    expect(Object.keys(robot.controls)).toEqual(AVATAR_SPECS[0].controls);
    expect(robot.controls[AVATAR_SPECS[0].controls[3]]).toBe(robot.vector[3]);
    expect(Object.keys(both!.avatars)).toEqual(['toon', 'robot']);
    expect(both!.avatars.toon.vector).toHaveLength(21);
    const [feature] = await encoder.features(face);
    expect(maxAbsDiff(robot.vector, direct(feature, 'robot'))).toBeLessThan(1e-6);
    expect(maxAbsDiff(both!.avatars.toon.vector, direct(feature, 'toon'))).toBeLessThan(1e-6);
    expect(maxAbsDiff(both!.avatars.robot.vector, robot.vector)).toBe(0);
    face.dispose();
  });

  it('finds, aligns and crops the face in a whole image; null when there is none', async () => {
    await animator.animate(ASTRONAUT, 'toon'); // loads the face models
    const before = tf.memory().numTensors;
    const result = await animator.animate(astronaut, 'toon');
    const fromCrop = await animator.animate({ crop: result!.detection!.crop }, 'toon');
    expect(await animator.animate(BLANK, 'toon')).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    const { detection } = result!;
    expect(detection!.crop.width).toBe(64); // twice the encoder's 32-px input
    expect(detection!.box.x).toBeGreaterThan(150);
    expect(detection!.box.x).toBeLessThan(210);
    expect(maxAbsDiff(fromCrop!.avatars.toon.vector, result!.avatars.toon.vector)).toBe(0);
  }, 30_000);

  it('crops with the encoder’s alignment, and crops detected faces again with it', async () => {
    const nosePath = join(dir, 'eyes-nose', 'model.json');
    const model = ExpressionModel.create({ ...TINY_ENCODER, alignment: 'eyes-nose' }, 17);
    await saveExpressionModel(model, nosePath);
    model.dispose();
    const noseEncoder = await createExpressionEncoder({ model: nosePath, backend: 'wasm' });
    const noseAnimator = await createAnimator({ model: network, encoder: noseEncoder });
    const mouthFace = (await animator.animate(astronaut, 'toon'))!.detection!;
    expect(mouthFace.alignment).toBe('eyes-mouth');
    const found = await noseAnimator.animate(astronaut, 'toon');
    expect(found!.detection!.alignment).toBe('eyes-nose');
    const viaFace = await noseAnimator.animate(mouthFace, 'toon');
    const realigned = realignFace(mouthFace, 'eyes-nose');
    const viaCrop = await noseAnimator.animate({ crop: realigned.crop }, 'toon');
    const unaligned = await noseAnimator.animate({ crop: mouthFace.crop }, 'toon');
    expect(maxAbsDiff(viaFace!.avatars.toon.vector, viaCrop!.avatars.toon.vector)).toBe(0);
    expect(
      maxAbsDiff(viaFace!.avatars.toon.vector, unaligned!.avatars.toon.vector),
    ).toBeGreaterThan(0);
    noseAnimator.dispose();
    noseEncoder.dispose();
  }, 30_000);

  it('names unknown avatars and malformed inputs', async () => {
    const face = crop(1);
    await expect(animator.animate(face, 'dragon')).rejects.toThrow(
      /unknown avatar "dragon"; this animator drives robot, toon/,
    );
    await expect(animator.animate(face, [])).rejects.toThrow(/non-empty array of ids/);
    const two = tf.concat([face, face]);
    await expect(animator.animate(two as tf.Tensor4D, 'robot')).rejects.toThrow(
      /aligned crop tensor must have shape \[1, s, s, 3\], got \[2,32,32,3\]/,
    );
    await expect(animator.animate(null as never, 'robot')).rejects.toThrow(/input must be/);
    tf.dispose([face, two]);
  });
});

describe('createAnimator: video mode', () => {
  it('smooths each avatar’s rig over a noisy sequence, unless smoothing is off', async () => {
    const raw = await createAnimator({ model: network, encoder, smoothing: false });
    const frames = Array.from({ length: 20 }, (_, t) => crop(100 + t, 0.15));
    const smoothed: Float32Array[] = [];
    const unsmoothed: Float32Array[] = [];
    const before = tf.memory().numTensors;
    for (const [t, frame] of frames.entries()) {
      const a = await animator.animateVideo(frame, t * 40, ['robot', 'toon']);
      const b = await raw.animateVideo(frame, t * 40, 'robot');
      expect(a.face && b.face).toBe(true);
      smoothed.push(a.avatars.robot.vector);
      unsmoothed.push(b.avatars.robot.vector);
    }
    expect(tf.memory().numTensors).toBe(before);
    // The unsmoothed rig is the network's output for each frame.
    const [feature] = await encoder.features(frames[5]);
    expect(maxAbsDiff(unsmoothed[5], direct(feature, 'robot'))).toBeLessThan(1e-6);
    expect(maxAbsDiff(smoothed[0], unsmoothed[0])).toBeLessThan(1e-6);
    const rawJitter = jitter(unsmoothed);
    expect(rawJitter).toBeGreaterThan(1e-4);
    expect(jitter(smoothed)).toBeLessThan(0.5 * rawJitter);
    await expect(animator.animateVideo(frames[0], 40, 'robot')).rejects.toThrow(
      /greater than the previous one \(760\), got 40/,
    );
    animator.reset();
    raw.dispose();
    tf.dispose(frames);
  });

  it('tracks a face through whole frames and holds the last pose when it is lost', async () => {
    const sequence = [BLANK, astronaut, astronaut, BLANK, BLANK, astronaut];
    const results = [];
    animator.reset();
    await animator.animateVideo(astronaut, 0, 'toon'); // warm-up outside the leak count
    animator.reset();
    const before = tf.memory().numTensors;
    for (const [t, frame] of sequence.entries())
      results.push(await animator.animateVideo(frame, t * 40, ['toon', 'robot']));
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.face)).toEqual([false, true, true, false, false, true]);
    // Before any face: the neutral pose.
    expect(Array.from(results[0].avatars.toon.vector)).toEqual(Array(21).fill(0));
    expect(results[1].detection?.trackId).toBeDefined();
    for (const held of [3, 4]) {
      expect(results[held].detection).toBeUndefined();
      for (const id of ['toon', 'robot'])
        expect(Array.from(results[held].avatars[id].vector)).toEqual(
          Array.from(results[2].avatars[id].vector),
        );
    }
    animator.reset();
  }, 30_000);
});

describe('createAnimator: neutral calibration', () => {
  it('shifts features so that the resting face gives the network’s resting rig', async () => {
    const rest = crop(7, 0, 3);
    const smile = crop(8, 0, 4);
    await expect(animator.calibrateNeutral([rest])).rejects.toThrow(/has none \(neutralFeature/);
    const reference = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i));
    network.neutralFeature = reference;
    try {
      const plain = (await animator.animate(smile, 'toon'))!.avatars.toon.vector;
      const before = tf.memory().numTensors;
      await animator.calibrateNeutral([rest, BLANK]); // the blank frame has no face: skipped
      expect(tf.memory().numTensors).toBe(before);
      expect(animator.calibrated).toBe(true);
      const resting = (await animator.animate(rest, 'toon'))!.avatars.toon.vector;
      expect(maxAbsDiff(resting, direct(reference, 'toon'))).toBeLessThan(1e-5);
      const [fRest] = await encoder.features(rest);
      const [fSmile] = await encoder.features(smile);
      const shifted = fSmile.map((v, i) => v - fRest[i] + reference[i]);
      const calibrated = (await animator.animate(smile, 'toon'))!.avatars.toon.vector;
      expect(maxAbsDiff(calibrated, direct(shifted, 'toon'))).toBeLessThan(1e-5);
      animator.resetCalibration();
      expect(animator.calibrated).toBe(false);
      expect(maxAbsDiff((await animator.animate(smile, 'toon'))!.avatars.toon.vector, plain)).toBe(
        0,
      );
      await expect(animator.calibrateNeutral([BLANK])).rejects.toThrow(
        /none of the 1 calibration frame\(s\) shows a face/,
      );
      await expect(animator.calibrateNeutral([])).rejects.toThrow(/non-empty array/);
    } finally {
      network.neutralFeature = undefined;
      tf.dispose([rest, smile]);
    }
  }, 30_000);
});

describe('createAnimator: mirror averaging', () => {
  /** The mean of the direct rig and the mirrored face's rig with Left and Right swapped back. */
  function averaged(feature: Float32Array, mirrored: Float32Array, avatar: string): Float32Array {
    const a = direct(feature, avatar);
    const b = direct(mirrored, avatar);
    const perm = mirrorPermutation(AVATAR_SPECS.find((s) => s.id === avatar)!.controls);
    return a.map((v, i) => (v + b[perm[i]]) / 2);
  }

  it('averages the rigs of each face and of its mirror image, swapped back', async () => {
    const face = crop(5);
    const flipped = tf.reverse(face, 2) as tf.Tensor4D;
    const mirroring = await createAnimator({ model: network, encoder, mirrorAverage: true });
    try {
      const before = tf.memory().numTensors;
      const result = (await mirroring.animate(face, ['toon', 'robot']))!;
      expect(tf.memory().numTensors).toBe(before);
      const [feature] = await encoder.features(face);
      const [mirrored] = await encoder.features(flipped);
      for (const id of ['toon', 'robot']) {
        const expected = averaged(feature, mirrored, id);
        expect(maxAbsDiff(result.avatars[id].vector, expected)).toBeLessThan(1e-5);
        expect(maxAbsDiff(result.avatars[id].vector, direct(feature, id))).toBeGreaterThan(1e-4);
      }
      // a face and its mirror image give mirrored rigs
      const other = (await mirroring.animate(flipped, 'toon'))!.avatars.toon.vector;
      const perm = mirrorPermutation(AVATAR_SPECS[1].controls);
      const swapped = result.avatars.toon.vector.map((_, i) => result.avatars.toon.vector[perm[i]]);
      expect(maxAbsDiff(other, swapped)).toBeLessThan(1e-5);

      // calibration shifts each reading by its own resting feature
      const rest = crop(7, 0, 3);
      const reference = Float32Array.from({ length: 32 }, (_, i) => Math.cos(i));
      network.neutralFeature = reference;
      try {
        await mirroring.calibrateNeutral([rest]);
        const resting = (await mirroring.animate(rest, 'toon'))!.avatars.toon.vector;
        expect(maxAbsDiff(resting, averaged(reference, reference, 'toon'))).toBeLessThan(1e-5);
      } finally {
        network.neutralFeature = undefined;
        rest.dispose();
      }
    } finally {
      mirroring.dispose();
      tf.dispose([face, flipped]);
    }
    await expect(
      createAnimator({ model: network, encoder, mirrorAverage: 'yes' as never }),
    ).rejects.toThrow('mirrorAverage must be true or false, got yes');
  });

  it('mirrorAveragedRigs checks its inputs and leaks nothing', () => {
    const features = tf.randomUniform([3, 32], 0, 1, 'float32', 4) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const rigs = mirrorAveragedRigs(network, features, features, 'robot');
    expect(rigs.shape).toEqual([3, 12]);
    rigs.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => mirrorAveragedRigs(network, features, features, 'cat')).toThrow(
      /unknown avatar "cat"; this network drives robot, toon/,
    );
    const short = tf.zeros([2, 32]) as tf.Tensor2D;
    expect(() => mirrorAveragedRigs(network, features, short, 'robot')).toThrow(
      /must hold as many faces, got 3 and 2/,
    );
    const narrow = tf.zeros([3, 8]) as tf.Tensor2D;
    expect(() => mirrorAveragedRigs(network, narrow, features, 'robot')).toThrow(
      /features must have shape \[n, 32\], got \[3,8\]/,
    );
    expect(() => mirrorAveragedRigs({} as never, features, features, 'robot')).toThrow(
      /network must be an animator network, got an object/,
    );
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([features, short, narrow]);
  });
});

describe('createAnimator: loading', () => {
  it('loads saved weights, owns and frees them, and refuses mismatched parts', async () => {
    const netPath = join(dir, 'network', 'model.json');
    await saveAnimatorNetwork(network, netPath);
    const before = tf.memory().numTensors;
    const loaded = await createAnimator({ model: netPath, encoder: encoderPath, smoothing: {} });
    expect(loaded.avatars().map((a) => a.id)).toEqual(['robot', 'toon']);
    const face = crop(1);
    const a = await loaded.animate(face, 'toon');
    const b = await animator.animate(face, 'toon');
    expect(maxAbsDiff(a!.avatars.toon.vector, b!.avatars.toon.vector)).toBeLessThan(1e-6);
    face.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(loaded.animate(BLANK, 'toon')).rejects.toThrow(/disposed/);

    const wide = createAnimatorNetwork({ featureSize: 48, width: 8, avatars: AVATAR_SPECS });
    await expect(createAnimator({ model: wide, encoder })).rejects.toThrow(
      /encoder's features have 32 values but the animator network reads 48/,
    );
    wide.dispose();
    await expect(
      createAnimator({ model: network, encoder, smoothing: { beta: -1 } }),
    ).rejects.toThrow(/beta must be non-negative, got -1/);
    await expect(
      createAnimator({ model: join(dir, 'nope', 'model.json'), encoder }),
    ).rejects.toThrow(/nope/);
    const other = crop(2);
    expect(await encoder.features(other)).toHaveLength(1); // the shared encoder still works
    other.dispose();
  });

  it('resolves the default model to the shipped weights, naming the path when absent', async () => {
    const path = fileURLToPath(defaultAnimatorModelUrl());
    expect(path).toMatch(/packages[/\\]animator[/\\]weights[/\\]animator[/\\]model\.json$/);
    const shipped = await stat(path).then(
      () => true,
      () => false,
    );
    if (shipped) {
      expect(await resolveDefaultAnimatorModel()).toBe(path);
    } else {
      await expect(createAnimator({ encoder })).rejects.toMatchObject({
        code: 'MODEL_LOAD_FAILED',
        message: expect.stringContaining(path),
      });
    }
  });
});
