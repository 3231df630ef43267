import { assertArgument, createRng, type RgbImage } from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_COUNT } from '../blendshapes/arkit.js';
import { CANONICAL_VERTEX_COUNT } from '../face/canonical-face.js';
import type { MeshPart } from '../face/face-mesh.js';
import type { BackgroundSpec } from '../raster/backgrounds.js';
import { focalLengthFromFov, projectPoints } from '../raster/camera.js';
import { randomOccluder, type Occluder, type PixelRect } from '../raster/occluders.js';
import { createRasterizer } from '../raster/rasterizer.js';
import type { CameraParams } from '../raster/types.js';
import { createEmotionCategorizer } from '../datasets/emotion-category.js';
import { HeadCache } from './head-cache.js';
import type {
  FaceLabel,
  FaceOccluderSpec,
  FaceRenderResult,
  FaceRenderer,
  FaceRendererOptions,
  FaceScene,
} from './types.js';

function finite(value: unknown, name: string): number {
  assertArgument(
    typeof value === 'number' && Number.isFinite(value),
    `${name} must be a finite number, got ${String(value)}`,
  );
  return value;
}

function checkScene(scene: FaceScene): void {
  assertArgument(scene !== null && typeof scene === 'object', 'scene must be an object');
  const w = scene.expression;
  assertArgument(
    w instanceof Float32Array && w.length === ARKIT_BLENDSHAPE_COUNT,
    `scene.expression must be a Float32Array of ${ARKIT_BLENDSHAPE_COUNT} ARKit weights, got ${w?.length ?? String(w)} values`,
  );
  for (let i = 0; i < w.length; i++) finite(w[i], `scene.expression[${i}]`);
  assertArgument(scene.pose !== null && typeof scene.pose === 'object', 'scene.pose is required');
  for (const k of ['yaw', 'pitch', 'roll'] as const) finite(scene.pose[k], `scene.pose.${k}`);
  const c = scene.camera;
  assertArgument(c !== null && typeof c === 'object', 'scene.camera is required');
  const fov = finite(c.fovDeg, 'scene.camera.fovDeg');
  assertArgument(fov > 0 && fov < 180, `scene.camera.fovDeg must be in (0, 180), got ${fov}`);
  const distance = finite(c.distance, 'scene.camera.distance');
  assertArgument(distance > 0, `scene.camera.distance must be > 0 cm, got ${distance}`);
  if (c.shift !== undefined) {
    assertArgument(
      Array.isArray(c.shift) && c.shift.length === 2,
      'scene.camera.shift must be [x, y]',
    );
    finite(c.shift[0], 'scene.camera.shift[0]');
    finite(c.shift[1], 'scene.camera.shift[1]');
  }
}

/**
 * Parts whose surface is an open shell seen from both sides: where the hair flares away from
 * the skull above the ears its inner side faces the camera, and back-face culling would open a
 * hole there. They are drawn a second time with reversed winding (about a third more work than
 * culling alone, far less than turning culling off for the whole head).
 */
const DOUBLE_SIDED: ReadonlySet<string> = new Set(['hair']);

function reversed(indices: Uint32Array): Uint32Array {
  const out = indices.slice();
  for (let t = 0; t < out.length; t += 3) {
    out[t + 1] = indices[t + 2];
    out[t + 2] = indices[t + 1];
  }
  return out;
}

/** The parts of a frame plus the back sides of the double-sided ones. */
function withBackFaces(parts: readonly MeshPart[], cache: Map<string, Uint32Array>): MeshPart[] {
  const out = [...parts];
  for (const part of parts) {
    if (!DOUBLE_SIDED.has(part.name)) continue;
    let back = cache.get(part.name);
    if (back === undefined || back.length !== part.indices.length) {
      back = reversed(part.indices);
      cache.set(part.name, back);
    }
    out.push({ ...part, indices: back });
  }
  return out;
}

function isOccluder(o: FaceOccluderSpec | Occluder): o is Occluder {
  return Array.isArray((o as Occluder).shapes);
}

function isImage(background: BackgroundSpec | RgbImage): background is RgbImage {
  return !('kind' in background);
}

/**
 * Creates a renderer of synthetic faces at one output size. It owns a rasterizer and a cache of
 * built heads (building a head costs tens of milliseconds, evaluating an expression on it about
 * a millisecond), so render many scenes per renderer; a scene of an identity already in the
 * cache costs one expression evaluation and one rasterisation.
 *
 * Each render poses the head about its face centre (the midpoint of forehead top and chin),
 * places that centre `scene.camera.distance` cm in front of a pinhole camera of the scene's
 * field of view and shifts it by `scene.camera.shift`; draws the head with the scene's light and
 * background, then the occluders over the face's box; and projects the 468 face landmarks.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a size outside 16..1024, a supersample factor
 *   outside 1..4, or (from `render`) a malformed scene, naming the bad field.
 * @example
 * ```ts
 * import { createRng, writeImageFile } from '@freeavatar/core';
 * import { createFaceRenderer, sampleFaceScene } from '@freeavatar/synth';
 * const renderer = createFaceRenderer({ size: 112 });
 * const { image, landmarks2d, box, label } = renderer.render(sampleFaceScene(createRng(7), 'train'));
 * await writeImageFile('face.png', image);
 * console.log(label.emotion, label.pose, box);
 * ```
 */
export function createFaceRenderer(options: FaceRendererOptions): FaceRenderer {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const { size } = options;
  const supersample = options.supersample ?? 2;
  assertArgument(
    Number.isInteger(size) && size >= 16 && size <= 1024,
    `size must be an integer in 16..1024, got ${size}`,
  );
  assertArgument(
    Number.isInteger(supersample) && supersample >= 1 && supersample <= 4,
    `supersample must be an integer in 1..4, got ${supersample}`,
  );
  const rasterizer = createRasterizer({ width: size, height: size, supersample });
  const heads = new HeadCache(options.headCacheSize ?? 32);
  let categorizer = options.categorizer;
  const projected = new Float32Array(CANONICAL_VERTEX_COUNT * 3);

  const render = (scene: FaceScene): FaceRenderResult => {
    checkScene(scene);
    const { head, id, seed, split, center, backFaces } = heads.get(scene.identity);
    const frame = head.evaluate(scene.expression);
    const focalLength = focalLengthFromFov(scene.camera.fovDeg, size);
    const [sx, sy] = scene.camera.shift ?? [0, 0];
    const camera: CameraParams = {
      yaw: scene.pose.yaw,
      pitch: scene.pose.pitch,
      roll: scene.pose.roll,
      pivot: center,
      distance: scene.camera.distance,
      focalLength,
      principalPoint: [size / 2 + sx * size, size / 2 + sy * size],
    };
    projectPoints(frame.landmarks, camera, size, size, projected);
    const landmarks2d = new Float32Array(CANONICAL_VERTEX_COUNT * 2);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let behind = false;
    for (let i = 0; i < CANONICAL_VERTEX_COUNT; i++) {
      const x = projected[3 * i];
      const y = projected[3 * i + 1];
      if (Number.isNaN(x)) behind = true;
      landmarks2d[2 * i] = x;
      landmarks2d[2 * i + 1] = y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    assertArgument(
      !behind,
      `scene.camera.distance ${scene.camera.distance} cm puts the face behind the camera`,
    );
    const box: PixelRect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    const occluders = (scene.occluders ?? []).map((o) => {
      if (isOccluder(o)) return o;
      assertArgument(
        o !== null && typeof o === 'object' && Number.isFinite(o.seed),
        `scene.occluders entries must be occluders or { kind, seed }, got ${JSON.stringify(o)}`,
      );
      return randomOccluder(createRng(o.seed), {
        width: size,
        height: size,
        region: box,
        kinds: [o.kind],
      });
    });
    const image = rasterizer.render(withBackFaces(frame.mesh.parts, backFaces), {
      camera,
      light: scene.light,
      background: scene.background,
      occluders,
    });
    categorizer ??= createEmotionCategorizer();
    const background = scene.background;
    const label: FaceLabel = {
      source: 'rendered',
      identity: id,
      identitySeed: seed,
      split,
      weights: scene.expression.slice(),
      emotion: categorizer.category(scene.expression),
      ...(scene.expressionKind === undefined ? {} : { expressionKind: scene.expressionKind }),
      pose: { ...scene.pose },
      camera: {
        fovDeg: scene.camera.fovDeg,
        distance: scene.camera.distance,
        shift: [sx, sy],
        focalLength,
      },
      ...(scene.light === undefined ? {} : { light: scene.light }),
      background:
        background === undefined ? 'none' : isImage(background) ? 'image' : background.kind,
      occluders: occluders.map((o) => o.kind),
      box,
    };
    return { image, landmarks2d, box, label };
  };

  return { size, supersample, render };
}
