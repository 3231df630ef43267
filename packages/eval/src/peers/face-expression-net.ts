import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, isNode } from '@freeavatar/core';

/**
 * The weights of face-api's expression network: a feature extractor of four dense blocks (each a
 * strided convolution, then three depthwise-separable convolutions whose outputs are summed into
 * the later ones) and a 256→7 fully connected layer.
 */
export type FaceExpressionWeights = Record<string, tf.Tensor>;

const BLOCKS = ['dense0', 'dense1', 'dense2', 'dense3'];

/** Every weight name the network needs, with its shape. */
export function expectedWeightShapes(): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  const widths = [32, 64, 128, 256];
  BLOCKS.forEach((block, b) => {
    const inC = b === 0 ? 3 : widths[b - 1];
    const c = widths[b];
    for (let l = 0; l < 4; l++) {
      const name = `${block}/conv${l}`;
      if (b === 0 && l === 0) {
        shapes[`${name}/filters`] = [3, 3, 3, c];
      } else {
        const from = l === 0 ? inC : c;
        shapes[`${name}/depthwise_filter`] = [3, 3, from, 1];
        shapes[`${name}/pointwise_filter`] = [1, 1, from, c];
      }
      shapes[`${name}/bias`] = [c];
    }
  });
  shapes['fc/weights'] = [256, 7];
  shapes['fc/bias'] = [7];
  return shapes;
}

function separable(x: tf.Tensor4D, w: FaceExpressionWeights, name: string, stride: number) {
  return tf.add(
    tf.separableConv2d(
      x,
      w[`${name}/depthwise_filter`] as tf.Tensor4D,
      w[`${name}/pointwise_filter`] as tf.Tensor4D,
      stride,
      'same',
    ),
    w[`${name}/bias`],
  ) as tf.Tensor4D;
}

function denseBlock(x: tf.Tensor4D, w: FaceExpressionWeights, block: string, first: boolean) {
  const c0 = `${block}/conv0`;
  const out1 = tf.relu(
    first
      ? tf.add(tf.conv2d(x, w[`${c0}/filters`] as tf.Tensor4D, 2, 'same'), w[`${c0}/bias`])
      : separable(x, w, c0, 2),
  ) as tf.Tensor4D;
  const out2 = separable(out1, w, `${block}/conv1`, 1);
  const out3 = separable(tf.relu(tf.add(out1, out2)) as tf.Tensor4D, w, `${block}/conv2`, 1);
  const out4 = separable(
    tf.relu(tf.addN([out1, out2, out3])) as tf.Tensor4D,
    w,
    `${block}/conv3`,
    1,
  );
  return tf.relu(tf.addN([out1, out2, out3, out4])) as tf.Tensor4D;
}

/** Mean RGB (0–255) subtracted before scaling to the network's input range. */
const MEAN_RGB = [122.782, 117.001, 104.298];

/**
 * Class probabilities `[n, 7]` for faces `[n, 112, 112, 3]` with values 0–1. Call inside
 * `tf.tidy`.
 */
export function faceExpressionForward(
  faces: tf.Tensor4D,
  weights: FaceExpressionWeights,
): tf.Tensor2D {
  // (pixel − mean) / 255 with pixels 0–255, i.e. faces − mean / 255 with faces 0–1.
  let x = tf.sub(faces, tf.div(tf.tensor1d(MEAN_RGB), 255)) as tf.Tensor4D;
  BLOCKS.forEach((block, b) => (x = denseBlock(x, weights, block, b === 0)));
  const pooled = tf.avgPool(x, 7, 2, 'valid');
  const flat = tf.reshape(pooled, [faces.shape[0], -1]) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(flat, weights['fc/weights'] as tf.Tensor2D), weights['fc/bias']);
  return tf.softmax(logits) as tf.Tensor2D;
}

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

async function readBytes(location: string): Promise<ArrayBuffer> {
  if (isNode() && !/^https?:/i.test(location)) {
    const fs = await import(/* @vite-ignore */ 'node:fs/promises');
    const path = location.startsWith('file:')
      ? (await import(/* @vite-ignore */ 'node:url')).fileURLToPath(location)
      : location;
    const buffer = await fs.readFile(path);
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  }
  const response = await fetch(location);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${location}`);
  return response.arrayBuffer();
}

/**
 * Reads a face-api weights manifest (`face_expression_model-weights_manifest.json`) and its
 * shards, and checks every weight the network needs is there with the right shape. The caller
 * owns the returned tensors.
 */
export async function loadFaceExpressionWeights(manifest: string): Promise<FaceExpressionWeights> {
  let weights: FaceExpressionWeights;
  try {
    const groups = JSON.parse(
      new TextDecoder().decode(await readBytes(manifest)),
    ) as ManifestGroup[];
    const base = manifest.slice(0, manifest.lastIndexOf('/') + 1);
    const shards: ArrayBuffer[] = [];
    const specs: tf.io.WeightsManifestEntry[] = [];
    for (const group of groups) {
      for (const p of group.paths) shards.push(await readBytes(base + p));
      specs.push(...group.weights);
    }
    weights = tf.io.decodeWeights(tf.io.concatenateArrayBuffers(shards), specs);
  } catch (cause) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `Cannot read the face expression weights at ${manifest}: ${(cause as Error).message}`,
      { subject: manifest, cause },
    );
  }
  for (const [name, shape] of Object.entries(expectedWeightShapes())) {
    const t = weights[name];
    if (t === undefined || t.shape.join() !== shape.join()) {
      tf.dispose(Object.values(weights));
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `${manifest} is not a face-api expression model: weight ${name} should be [${shape.join(', ')}], got ${t === undefined ? 'none' : `[${t.shape.join(', ')}]`}`,
        { subject: manifest },
      );
    }
  }
  return weights;
}
