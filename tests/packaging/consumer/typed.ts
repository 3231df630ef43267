// Compiled in a fresh project that installed the packed packages, strict, as a user's code is.
import type * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '@freeavatar/core';
import { createExpressionEncoder, ExpressionIndex } from '@freeavatar/expression-encoder';
import { createAnimator, type Animator } from '@freeavatar/animator';
import { AVATARS } from '@freeavatar/synth';

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
