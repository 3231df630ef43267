import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnimatorNetwork, saveAnimatorNetwork } from '@freeavatar/animator';
import { createRng } from '@freeavatar/core';
import { AVATARS, AVATAR_IDS } from '@freeavatar/synth';
import { TEST_ENCODER, saveRandomModel } from './encoder-fixture.js';

/** The committed example clip: 201 frames, 256×256, 25 fps. */
export const EXAMPLE_CLIP = new URL(
  '../../../../synth/assets/example/astronaut.mp4',
  import.meta.url,
).pathname;

/** Paths of a random tiny encoder and a random animator network for the three shipped avatars. */
export interface RandomAnimateModels {
  readonly encoder: string;
  readonly model: string;
}

/**
 * Saves a random tiny expression encoder (`dir/encoder/model.json`) and a random animator network
 * reading its features (`dir/animator/model.json`), with a seeded neutral feature so that
 * neutral calibration can run.
 */
export async function saveRandomAnimateModels(dir: string, seed = 1): Promise<RandomAnimateModels> {
  const encoderDir = join(dir, 'encoder');
  await mkdir(encoderDir, { recursive: true });
  const encoder = await saveRandomModel(encoderDir, TEST_ENCODER, seed);
  const featureSize = TEST_ENCODER.dim as number;
  const net = createAnimatorNetwork(
    {
      featureSize,
      identitySize: 4,
      width: 32,
      blocks: 1,
      avatars: AVATAR_IDS.map((id) => ({ id, controls: AVATARS[id].rig.map((c) => c.name) })),
    },
    { seed },
  );
  try {
    const rng = createRng(seed + 1);
    net.neutralFeature = Float32Array.from({ length: featureSize }, () => rng.uniform(-1, 1));
    const model = join(dir, 'animator', 'model.json');
    await saveAnimatorNetwork(net, model);
    return { encoder, model };
  } finally {
    net.dispose();
  }
}
