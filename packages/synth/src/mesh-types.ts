/**
 * A triangle mesh as the rasterizer takes it: flat typed arrays, no classes.
 *
 * - `positions`: x y z per vertex (cm in head space for the face model: x towards the subject's
 *   left, y up, z out of the face towards the viewer).
 * - `indices`: three vertex indices per triangle, counter-clockwise when seen from outside.
 * - `colors`: r g b per vertex, each in 0..1.
 *
 * @example
 * ```ts
 * import type { TriangleMesh } from '@freeavatar/synth';
 * const quad: TriangleMesh = {
 *   positions: new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]),
 *   indices: new Uint32Array([0, 1, 2, 0, 2, 3]),
 *   colors: new Float32Array(12).fill(0.5),
 * };
 * ```
 */
export interface TriangleMesh {
  positions: Float32Array;
  indices: Uint32Array;
  colors: Float32Array;
}
