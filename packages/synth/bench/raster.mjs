// Rasterizer throughput: faces per second on one core at 112×112 with 2×2 supersampling.
//
//   node packages/synth/bench/raster.mjs [--frames N] [--size S] [--supersample K]
//
// Prints wall-clock throughput and throughput per second of this process's CPU time; on a busy
// machine the second is the better estimate of single-core speed.
//
// Meshes: the canonical face mesh (packages/face-crop/assets/canonical-face.json), an ellipsoid of
// about 2,500 triangles and, when the package exports `createHead`, a whole head (all parts, one
// z-buffer). Each frame uses a new pose and light, like dataset generation does.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';

register(new URL('./ts-hooks.mjs', import.meta.url).href);

const { createRasterizer, cameraToFit, randomLight, randomBackground, randomOccluder } =
  await import('../src/raster/index.ts');
const { createEllipsoidMesh } = await import('../src/raster/test-utils/meshes.ts');
const { createRng } = await import('@freeavatar/core');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const frames = option('frames', 2000);
const size = option('size', 112);
const supersample = option('supersample', 2);

function canonicalFace() {
  const json = JSON.parse(
    readFileSync(new URL('../../face-crop/assets/canonical-face.json', import.meta.url), 'utf8'),
  );
  const positions = new Float32Array(json.positions);
  const colors = new Float32Array(positions.length);
  for (let i = 0; i < colors.length; i += 3) colors.set([0.86, 0.66, 0.55], i);
  return { positions, indices: new Uint32Array(json.triangles), colors };
}

function bench(label, mesh, extras, framing = mesh) {
  const rasterizer = createRasterizer({ width: size, height: size, supersample });
  const base = cameraToFit(framing, size, size);
  const rng = createRng(1);
  const poses = Array.from({ length: 64 }, () => ({
    camera: {
      ...base,
      yaw: rng.uniform(-40, 40),
      pitch: rng.uniform(-25, 25),
      roll: rng.uniform(-15, 15),
    },
    light: randomLight(rng),
    ...extras(rng),
  }));
  for (let i = 0; i < 100; i++) rasterizer.render(mesh, poses[i % poses.length]);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < frames; i++) rasterizer.render(mesh, poses[i % poses.length]);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const meshes = Array.isArray(mesh) ? mesh : [mesh];
  const triangles = meshes.reduce((sum, m) => sum + m.indices.length / 3, 0);
  const rate = (secs) => (frames / secs).toFixed(0).padStart(6);
  console.log(
    `${label.padEnd(44)} ${String(triangles).padStart(6)} tris  ${rate(seconds)} faces/s wall  ${rate(cpuSeconds)} faces/s cpu`,
  );
}

console.log(
  `rasterizer ${size}x${size}, supersample ${supersample}x${supersample}, ${frames} frames, node ${process.version}`,
);
const face = canonicalFace();
const ellipsoid = createEllipsoidMesh(36, 36, [7, 9, 6], [0.86, 0.66, 0.55]);
const none = () => ({});
const busy = (rng) => ({
  background: randomBackground(rng),
  occluders: [randomOccluder(rng, { width: size, height: size })],
});
bench('canonical face, black background', face, none);
bench('canonical face, random background + occluder', face, busy);
bench('ellipsoid, black background', ellipsoid, none);
bench('ellipsoid, random background + occluder', ellipsoid, busy);

const synth = await import('../src/index.ts');
if (typeof synth.createHead === 'function') {
  const parts = synth.createHead().evaluate().mesh.parts;
  const skin = parts.find((p) => p.name === 'face') ?? parts[0];
  bench('whole head (all parts), framed on the face', parts, none, skin);
  bench('whole head, random background + occluder', parts, busy, skin);
} else {
  console.log('whole head: skipped (createHead is not exported yet)');
}
