/**
 * Runs in a fresh project that installed the packed packages: what a user's first program does.
 * Prints one JSON line: the backend, the rigs of each avatar and the expression embedding of the
 * image, the nearest neighbour of a small index, and the tensors left behind once both models
 * are disposed.
 *
 *   node smoke.mjs IMAGE
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, readImageFile } from '@freeavatar/core';
import { createExpressionEncoder, ExpressionIndex } from '@freeavatar/expression-encoder';
import { createAnimator } from '@freeavatar/animator';

const [path] = process.argv.slice(2);
const { name } = await initBackend({ prefer: 'cpu' });
const image = await readImageFile(path);
const before = tf.memory().numTensors;

const animator = await createAnimator();
const avatars = animator.avatars().map((a) => a.id);
const result = await animator.animate(image, avatars);
const rigs = Object.fromEntries(avatars.map((id) => [id, [...result.avatars[id].vector]]));

const encoder = await createExpressionEncoder();
const [found] = await encoder.embedImages([image]);
const index = new ExpressionIndex();
index.add('astronaut', found.embedding);
index.add(
  'opposite',
  found.embedding.map((v) => -v),
);
const [nearest] = index.search(found.embedding, 1);

encoder.dispose();
animator.dispose();
const leaked = tf.memory().numTensors - before;
console.log(
  JSON.stringify({
    backend: name,
    rigs,
    embedding: [...found.embedding],
    nearest: nearest.id,
    leaked,
  }),
);
