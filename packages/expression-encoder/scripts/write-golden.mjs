/**
 * Writes the golden embedding of the shipped weights for `fixtures/astronaut-face.png`, which
 * `src/shipped-weights.test.ts` compares against. Run after replacing `weights/` (and building):
 *
 *   node packages/expression-encoder/scripts/write-golden.mjs
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder } from '../dist/index.js';

const face = fileURLToPath(new URL('../fixtures/astronaut-face.png', import.meta.url));
const out = fileURLToPath(new URL('../fixtures/astronaut-face.golden.json', import.meta.url));
const { name: backend } = await initBackend({ prefer: 'cpu' });
const encoder = await createExpressionEncoder({ model: 'default' });
try {
  const [embedding] = await encoder.embed([face]);
  const [features] = await encoder.features([face]);
  const golden = {
    fixture: 'astronaut-face.png',
    backend,
    embedding: Array.from(embedding),
    featuresHead: Array.from(features.slice(0, 8)),
  };
  await writeFile(out, JSON.stringify(golden, null, 2) + '\n');
  console.log(`wrote ${out}`);
} finally {
  encoder.dispose();
}
