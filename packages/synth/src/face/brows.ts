/** Eyebrows: a strip over each brow, bound to the brow landmarks so the brow shapes move it. */
import type { Appearance } from './appearance.js';
import type { FaceTemplate, Vec3 } from './face-template.js';
import { FACE_LANDMARKS } from './landmarks.js';
import { vertexNormals } from './mesh-topology.js';
import { PartBuilder, type RiggedPart } from './rigged-part.js';

/** Thickness of the strip at each of the five columns, outer end first. */
const TAPER = [0.45, 0.75, 0.95, 1.0, 0.95];

/** Builds both brows for a neutral head. */
export function buildBrows(
  template: FaceTemplate,
  neutral: Float32Array,
  appearance: Appearance,
): RiggedPart {
  const normals = vertexNormals(neutral, template.triangles);
  const b = new PartBuilder();
  const { color, thickness } = appearance.brows;
  const skin = appearance.skin;
  const sides = [
    { upper: FACE_LANDMARKS.browLeftUpper, lower: FACE_LANDMARKS.browLeftLower, flip: true },
    { upper: FACE_LANDMARKS.browRightUpper, lower: FACE_LANDMARKS.browRightLower, flip: false },
  ];
  for (const { upper, lower, flip } of sides) {
    const rows = [0, 0.5, 1].map((s) =>
      upper.map((u, col) => {
        const l = lower[col];
        // Row s runs from the upper edge (0) to the lower edge (1) around the brow's mid line.
        const half = 0.5 * thickness * TAPER[col];
        const t = 0.5 + (s - 0.5) * 2 * half;
        const wu = 1 - t;
        const wl = t;
        const p: Vec3 = [0, 1, 2].map((k) => {
          const offset = 0.07 * (wu * normals[3 * u + k] + wl * normals[3 * l + k]);
          return wu * neutral[3 * u + k] + wl * neutral[3 * l + k] + offset;
        }) as Vec3;
        const sparse = col === 0 ? 0.45 : col === upper.length - 1 ? 0.25 : s === 0.5 ? 0 : 0.15;
        const c: Vec3 = [0, 1, 2].map((k) => color[k] + (skin[k] - color[k]) * sparse) as Vec3;
        return b.vertex(p, c, {
          follow: [
            [u, wu],
            [l, wl],
          ],
        });
      }),
    );
    b.grid(rows, false, flip);
  }
  return b.build('brows', { specular: 0.1, shininess: 8, subsurface: 0 });
}
