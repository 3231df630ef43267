/** Ears (flattened shells with a hollow concha) and the neck with the top of the shoulders. */
import type { Appearance, Rgb } from './appearance.js';
import type { Vec3 } from './face-template.js';
import type { SkullFrame } from './head-shell.js';
import { PartBuilder, type RiggedPart } from './rigged-part.js';

const DEG = Math.PI / 180;

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

const tint = (c: Rgb, k: [number, number, number]): Vec3 => [c[0] * k[0], c[1] * k[1], c[2] * k[2]];

/**
 * Builds the left ear on the skull's side and mirrors it for the right (x → −x, winding
 * reversed). `size` scales the ear (≈ 0.9–1.1).
 */
export function buildEars(
  frame: SkullFrame,
  appearance: Appearance,
  size: number,
): [RiggedPart, RiggedPart] {
  const { center: c, axes, below } = frame;
  const y = c[1] - 1.5;
  const z = c[2] - 0.9;
  const side =
    axes[0] * Math.sqrt(Math.max(0, 1 - ((y - c[1]) / below) ** 2 - ((z - c[2]) / axes[2]) ** 2));
  const origin: Vec3 = [side + 0.2, y, z];
  const normal = normalize([Math.cos(24 * DEG), 0, Math.sin(24 * DEG)]);
  const upTilt = normalize([0, Math.cos(15 * DEG), -Math.sin(15 * DEG)]);
  // (back, up, normal) is a right-handed frame: back points to the back of the head.
  const back = normalize(cross(upTilt, normal));
  const up = cross(normal, back);
  const height = 3.0 * size;
  const width = 1.75 * size;
  const thick = 0.55;
  const skin = appearance.skin;
  const b = new PartBuilder();
  const rings = 9;
  const around = 24;
  const point = (theta: number, phi: number): { p: Vec3; color: Vec3 } => {
    // A sphere around `normal`, squashed to an ear-shaped disc; theta 0 faces outwards.
    const s = Math.sin(theta);
    let u = s * Math.cos(phi);
    const v = s * Math.sin(phi);
    let w = Math.cos(theta);
    if (v < 0) u *= 1 - 0.3 * Math.min(1, -v);
    const r2 = u * u + v * v;
    let color = tint(skin, [0.98, 0.95, 0.95]);
    if (w > 0 && r2 < 0.55) {
      const dent = 1 - r2 / 0.55;
      w -= 1.6 * dent;
      color = tint(skin, [
        0.78 + 0.1 * (1 - dent),
        0.66 + 0.1 * (1 - dent),
        0.66 + 0.1 * (1 - dent),
      ]);
    } else if (w > 0 && r2 > 0.75) {
      color = tint(skin, [1.0, 0.9, 0.9]);
    }
    // The back edge of the ear stands off the head; the front edge is attached.
    const lean = 0.9 * (0.5 + 0.5 * u);
    const p: Vec3 = [0, 1, 2].map(
      (k) => origin[k] + back[k] * u * width + up[k] * v * height + normal[k] * (w * thick + lean),
    ) as Vec3;
    return { p, color };
  };
  const outer = b.vertex(point(0, 0).p, point(0, 0).color);
  const rows: number[][] = [];
  for (let r = 1; r < rings; r++) {
    const theta = (Math.PI * r) / rings;
    rows.push(
      Array.from({ length: around }, (_, i) => {
        const { p, color } = point(theta, (2 * Math.PI * i) / around);
        return b.vertex(p, color);
      }),
    );
  }
  const inner = b.vertex(point(Math.PI, 0).p, tint(skin, [0.9, 0.85, 0.85]));
  b.fan(outer, rows[0]);
  b.grid(rows, true);
  b.fan(inner, rows[rows.length - 1], true);
  const material = { specular: 0.2, shininess: 15, subsurface: 0.45 };
  const left = b.build('earLeft', material);
  const right = b.build('earRight', material);
  for (let i = 0; i < right.rest.length; i += 3) right.rest[i] = -right.rest[i];
  for (let i = 0; i < right.indices.length; i += 3) {
    const t = right.indices[i + 1];
    right.indices[i + 1] = right.indices[i + 2];
    right.indices[i + 2] = t;
  }
  return [left, right];
}

/** Builds the neck from inside the skull down to the top of the shoulders, clothed below the collar. */
export function buildNeck(frame: SkullFrame, appearance: Appearance, width: number): RiggedPart {
  const { center: c } = frame;
  const skin = appearance.skin;
  const cloth = appearance.clothing;
  const rings: { y: number; rx: number; rz: number; z: number; color: Vec3 }[] = [
    { y: c[1] - 3, rx: 4.6, rz: 3.8, z: -5.0, color: tint(skin, [0.95, 0.95, 0.95]) },
    { y: c[1] - 7.5, rx: 4.9, rz: 4.3, z: -4.6, color: tint(skin, [0.92, 0.9, 0.9]) },
    { y: c[1] - 11, rx: 5.1, rz: 4.9, z: -4.0, color: tint(skin, [0.93, 0.91, 0.91]) },
    { y: c[1] - 15.5, rx: 5.5, rz: 5.5, z: -3.2, color: tint(skin, [0.97, 0.95, 0.95]) },
    { y: c[1] - 17.5, rx: 6.4, rz: 6.1, z: -3.2, color: tint(skin, [0.97, 0.95, 0.95]) },
    { y: c[1] - 17.6, rx: 6.7, rz: 6.4, z: -3.2, color: [...cloth] },
    { y: c[1] - 19, rx: 10, rz: 7.6, z: -3.5, color: [...cloth] },
    { y: c[1] - 20.5, rx: 14.5, rz: 9.2, z: -3.8, color: tint(cloth, [0.95, 0.95, 0.95]) },
    { y: c[1] - 22.5, rx: 17.5, rz: 10.2, z: -4, color: tint(cloth, [0.9, 0.9, 0.9]) },
    { y: c[1] - 28, rx: 18.5, rz: 10.6, z: -4, color: tint(cloth, [0.8, 0.8, 0.8]) },
  ];
  const around = 40;
  const b = new PartBuilder();
  const rows = rings.map((r, k) =>
    Array.from({ length: around }, (_, i) => {
      const a = (2 * Math.PI * i) / around;
      const k2 = k < 5 ? width : 1 + (width - 1) * 0.5;
      return b.vertex(
        [c[0] + r.rx * k2 * Math.sin(a), r.y, r.z + r.rz * k2 * Math.cos(a)],
        r.color,
      );
    }),
  );
  b.grid(rows, true);
  const bottom = rings[rings.length - 1];
  const cap = b.vertex([c[0], bottom.y, bottom.z], tint(cloth, [0.7, 0.7, 0.7]));
  b.fan(cap, rows[rows.length - 1], true);
  return b.build('neck', { specular: 0.2, shininess: 15, subsurface: 0.3 });
}
