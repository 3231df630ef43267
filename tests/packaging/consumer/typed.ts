// Compiled in a fresh project that installed the packed packages, strict, as a user's code is.
import type * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '@freeavatar/core';
import { createExpressionEncoder, ExpressionIndex } from '@freeavatar/expression-encoder';
import { createAnimator, type Animator } from '@freeavatar/animator';
import { AVATARS } from '@freeavatar/synth';
import { createFaceCropper, type DetectedFace } from '@freeavatar/face-crop';
import { pearsonCorrelation } from '@freeavatar/eval';
import type { CropSummary } from 'freeavatar';

export async function nearestExpression(faces: tf.Tensor4D, query: Float32Array): Promise<string> {
  const backend: BackendName = (await initBackend({ prefer: ['webgpu', 'wasm'] })).name;
  const encoder = await createExpressionEncoder({ backend });
  const index = new ExpressionIndex<{ frame: number }>();
  (await encoder.embed(faces)).forEach((e, i) => index.add(`frame-${i}`, e, { frame: i }));
  encoder.dispose();
  return index.search(query, 1)[0]?.id ?? 'none';
}

export async function jawOpen(faces: tf.Tensor4D): Promise<number> {
  const animator: Animator = await createAnimator();
  const result = await animator.animate(faces, 'human');
  animator.dispose();
  const controls = result?.avatars.human.controls ?? {};
  return AVATARS.human.rig.some((c) => c.name === 'jawOpen') ? (controls.jawOpen ?? 0) : 0;
}

export async function firstFace(image: tf.Tensor3D): Promise<DetectedFace | undefined> {
  const cropper = await createFaceCropper();
  const [face] = await cropper.detect(image);
  cropper.dispose();
  return face;
}

export function agreement(a: number[], b: number[], summary: CropSummary): number {
  return (pearsonCorrelation(a, b) ?? 0) * Math.sign(summary.imagesWithFaces);
}
