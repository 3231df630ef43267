/**
 * Writes the golden rigs of the shipped animator (with the shipped encoder) for face-crop's
 * astronaut fixture, which `src/animator/shipped-animator.test.ts` compares against. Run after
 * replacing `weights/animator/` or the encoder's weights (and building):
 *
 *   node packages/animator/scripts/write-golden.mjs
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initBackend, readImageFile } from '@freeavatar/core';
import { createAnimator } from '../dist/index.js';

const image = fileURLToPath(new URL('../../face-crop/fixtures/astronaut.png', import.meta.url));
const out = fileURLToPath(new URL('../fixtures/astronaut.golden.json', import.meta.url));
await initBackend({ prefer: 'cpu' });
const animator = await createAnimator();
try {
  const ids = animator.avatars().map((a) => a.id);
  const result = await animator.animate(await readImageFile(image), ids);
  if (result === null) throw new Error('no face found in the fixture');
  const golden = Object.fromEntries(ids.map((id) => [id, Array.from(result.avatars[id].vector)]));
  await writeFile(
    out,
    JSON.stringify({ fixture: 'face-crop/fixtures/astronaut.png', rigs: golden }, null, 2) + '\n',
  );
  console.log(`wrote ${out}`);
} finally {
  animator.dispose();
}
