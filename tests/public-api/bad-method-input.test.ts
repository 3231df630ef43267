import * as tf from '@tensorflow/tfjs';
import { OneEuroFilter, createRng, initBackend } from '@freeavatar/core';
import { createFaceCropper, type FaceCropper } from '@freeavatar/face-crop';
import { createExpressionDistance } from '@freeavatar/synth';
import {
  ExpressionIndex,
  createExpressionEncoder,
  type ExpressionEncoder,
} from '@freeavatar/expression-encoder';
import {
  createAnimator,
  defaultRendererUrl,
  loadNeuralRenderer,
  type Animator,
  type NeuralRenderer,
} from '@freeavatar/animator';
import { landmarkGeometryMethod, type ExpressionFeatureMethod } from '@freeavatar/eval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterScratchFolder, unclearFailures } from './bad-input.js';
import { publicMethods } from './public-methods.js';

const repo = new URL('../..', import.meta.url).pathname;

let cropper: FaceCropper;
let encoder: ExpressionEncoder;
let animator: Animator;
let index: ExpressionIndex;
let renderer: NeuralRenderer;
let geometry: ExpressionFeatureMethod;
let leave: () => Promise<void>;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  leave = await enterScratchFolder();
  cropper = await createFaceCropper({ maxFaces: 1 });
  encoder = await createExpressionEncoder();
  animator = await createAnimator({ encoder });
  index = new ExpressionIndex();
  renderer = await loadNeuralRenderer(defaultRendererUrl('human'));
  geometry = landmarkGeometryMethod({ faceCropper: cropper });
  // Models that load on first use load here, so that what stays loaded is not taken for a leak.
  const blank = tf.zeros([64, 64, 3], 'int32') as tf.Tensor3D;
  await encoder.embedImages(blank);
  await animator.animate(blank, animator.avatars()[0].id);
  blank.dispose();
}, 120_000);

afterAll(async () => {
  await leave();
  geometry.dispose?.();
  renderer.dispose();
  animator.dispose();
  encoder.dispose();
  cropper.dispose();
});

/** The object's public methods (but `dispose`), bound to it, named `label.method`. */
function methodsOf(label: string, object: object, names: string[]): Record<string, unknown> {
  const record = object as Record<string, (argument: unknown) => unknown>;
  for (const name of names) expect(typeof record[name], `${label}.${name}`).toBe('function');
  return Object.fromEntries(
    names
      .filter((name) => name !== 'dispose')
      .map((name) => [`${label}.${name}`, record[name].bind(object)]),
  );
}

describe('the methods of the main objects on bad input', () => {
  const cases: [string, string, string, () => object][] = [
    ['cropper', 'face-crop', 'FaceCropper', () => cropper],
    ['encoder', 'expression-encoder', 'ExpressionEncoder', () => encoder],
    ['animator', 'animator', 'Animator', () => animator],
    ['index', 'expression-encoder', 'ExpressionIndex', () => index],
    ['model', 'expression-encoder', 'ExpressionModel', () => encoder.model],
    ['network', 'animator', 'AnimatorNetwork', () => animator.network],
    ['renderer', 'animator', 'NeuralRenderer', () => renderer],
    ['geometry', 'eval', 'ExpressionFeatureMethod', () => geometry],
    ['distance', 'synth', 'ExpressionDistance', () => createExpressionDistance()],
    ['rng', 'core', 'Rng', () => createRng(1)],
    ['filter', 'core', 'OneEuroFilter', () => new OneEuroFilter(3)],
  ];
  for (const [label, folder, typeName, object] of cases) {
    it(`${typeName}: every public method refuses it with a FreeAvatarError, leaking nothing`, async () => {
      const names = publicMethods(repo, folder, typeName);
      expect(names.length).toBeGreaterThan(0);
      const failures = await unclearFailures(methodsOf(label, object(), names));
      const report = failures.map((failure) => `${failure.call}: ${failure.error}`).join('\n');
      expect(failures, `calls that fail with an unclear error:\n${report}`).toEqual([]);
    }, 120_000);
  }

  it('reads the public methods of a class, not its private ones', () => {
    const names = publicMethods(repo, 'expression-encoder', 'ExpressionIndex');
    expect(names).toContain('search');
    expect(names).toContain('addMany');
    expect(names).not.toContain('normaliseInto');
  });
});
