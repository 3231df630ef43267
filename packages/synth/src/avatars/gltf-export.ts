import { assertArgument } from '@freeavatar/core';
import { Document, WebIO, type Node } from '@gltf-transform/core';
import type { Avatar } from './types.js';

/**
 * A morph-weight animation: one rig vector per frame at a fixed frame rate.
 *
 * @example
 * ```ts
 * declare const rigTrack: Float32Array[]; // one rig vector per frame
 * const animation: AvatarAnimation = { fps: 30, frames: rigTrack, name: 'take-1' };
 * ```
 */
export interface AvatarAnimation {
  /** Frames per second (> 0). */
  fps: number;
  /** One rig vector per frame (length = the avatar's control count). At least one frame. */
  frames: readonly ArrayLike<number>[];
  /** Animation name; default `'performance'`. */
  name?: string;
}

/**
 * Options of {@link exportAvatarGlb}.
 *
 * @example
 * ```ts
 * const options: AvatarGlbOptions = { weights: retarget('robot', { jawOpen: 0.3 }) };
 * ```
 */
export interface AvatarGlbOptions {
  /** Adds a morph-weight animation. */
  animation?: AvatarAnimation;
  /** Initial morph weights of the mesh (default all 0). */
  weights?: ArrayLike<number>;
}

function checkWeights(avatar: Avatar, w: ArrayLike<number>, what: string): void {
  assertArgument(
    w !== null && typeof w === 'object' && w.length === avatar.rig.length,
    `${what} must have ${avatar.rig.length} values for avatar '${avatar.id}', got ${w?.length}`,
  );
  for (let i = 0; i < w.length; i++)
    assertArgument(Number.isFinite(w[i]), `${what}[${i}] must be finite, got ${w[i]}`);
}

function addAnimation(doc: Document, node: Node, avatar: Avatar, animation: AvatarAnimation): void {
  const { fps, frames } = animation;
  assertArgument(Number.isFinite(fps) && fps > 0, `animation.fps must be > 0, got ${fps}`);
  assertArgument(
    Array.isArray(frames) && frames.length > 0,
    'animation.frames must be a non-empty array of rig vectors',
  );
  const k = avatar.rig.length;
  const times = new Float32Array(frames.length);
  const values = new Float32Array(frames.length * k);
  frames.forEach((frame, f) => {
    checkWeights(avatar, frame, `animation.frames[${f}]`);
    times[f] = f / fps;
    for (let c = 0; c < k; c++) values[f * k + c] = frame[c];
  });
  const buffer = doc.getRoot().listBuffers()[0];
  const input = doc.createAccessor('time').setType('SCALAR').setArray(times).setBuffer(buffer);
  const output = doc.createAccessor('weights').setType('SCALAR').setArray(values).setBuffer(buffer);
  const sampler = doc
    .createAnimationSampler()
    .setInput(input)
    .setOutput(output)
    .setInterpolation('LINEAR');
  const channel = doc
    .createAnimationChannel()
    .setTargetNode(node)
    .setTargetPath('weights')
    .setSampler(sampler);
  doc
    .createAnimation(animation.name ?? 'performance')
    .addSampler(sampler)
    .addChannel(channel);
}

/**
 * Writes an avatar as a binary glTF (GLB): one mesh with one primitive (POSITION, NORMAL,
 * COLOR_0 as normalised bytes, indices, one vertex-colour material) and one morph target per rig control, named
 * after the control (`mesh.extras.targetNames`, which three.js and Blender read; targets are
 * stored as sparse accessors). With `animation`, adds a linear morph-weight animation: one
 * `weights` channel on the avatar's node whose sampler holds, per frame, one weight per morph
 * target in rig order (the glTF layout for morph animation).
 *
 * @throws FreeAvatarError for a bad frame rate, an empty frame list or a frame of the wrong length.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { exportAvatarGlb, getAvatar, retarget, EMOTION_PROTOTYPES } from '@freeavatar/synth';
 * const toon = getAvatar('toon');
 * const frames = [retarget('toon', {}), retarget('toon', EMOTION_PROTOTYPES.happy)];
 * await writeFile('toon.glb', await exportAvatarGlb(toon, { animation: { fps: 2, frames } }));
 * ```
 */
export async function exportAvatarGlb(
  avatar: Avatar,
  options: AvatarGlbOptions = {},
): Promise<Uint8Array> {
  assertArgument(
    avatar !== null && typeof avatar === 'object' && Array.isArray(avatar.morphTargets),
    'avatar must be an Avatar (see getAvatar)',
  );
  const doc = new Document();
  doc.createScene(avatar.name);
  const buffer = doc.createBuffer();
  const { positions, normals, colors, indices } = avatar.mesh;
  const vec3 = (name: string, array: Float32Array) =>
    doc.createAccessor(name).setType('VEC3').setArray(array).setBuffer(buffer);
  const vertexCount = positions.length / 3;
  const indexArray = vertexCount <= 65535 ? Uint16Array.from(indices) : Uint32Array.from(indices);
  const material = doc
    .createMaterial(`${avatar.id}-vertex-colors`)
    .setBaseColorFactor([1, 1, 1, 1])
    .setMetallicFactor(0)
    .setRoughnessFactor(0.65);
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', vec3('position', positions))
    .setAttribute('NORMAL', vec3('normal', normals))
    .setAttribute(
      'COLOR_0',
      doc
        .createAccessor('color')
        .setType('VEC3')
        .setArray(Uint8Array.from(colors, (c) => Math.round(Math.min(1, Math.max(0, c)) * 255)))
        .setNormalized(true)
        .setBuffer(buffer),
    )
    .setIndices(
      doc.createAccessor('indices').setType('SCALAR').setArray(indexArray).setBuffer(buffer),
    )
    .setMaterial(material);
  for (const target of avatar.morphTargets) {
    const dense = new Float32Array(positions.length);
    for (let k = 0; k < target.vertices.length; k++)
      dense.set(target.deltas.subarray(3 * k, 3 * k + 3), 3 * target.vertices[k]);
    const accessor = vec3(target.name, dense).setSparse(true);
    primitive.addTarget(doc.createPrimitiveTarget(target.name).setAttribute('POSITION', accessor));
  }
  const weights = options.weights ?? new Float32Array(avatar.rig.length);
  checkWeights(avatar, weights, 'weights');
  const mesh = doc.createMesh(avatar.id).addPrimitive(primitive).setWeights(Array.from(weights));
  const node = doc.createNode(avatar.name).setMesh(mesh);
  doc.getRoot().listScenes()[0].addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]);
  doc.getRoot().getAsset().generator = 'FreeAvatar.js @freeavatar/synth';
  if (options.animation !== undefined) addAnimation(doc, node, avatar, options.animation);
  return new WebIO().writeBinary(doc);
}
