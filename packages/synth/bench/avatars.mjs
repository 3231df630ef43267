// Avatar throughput on one core: build time per avatar, and renders per second of random
// retargeted expressions at each size (front view, 2×2 supersampling).
//
//   node packages/synth/bench/avatars.mjs [--frames N] [--sizes 64,128]
//
// Prints wall-clock figures and figures per second of this process's CPU time; on a busy
// machine the second is the better estimate of single-core speed.
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';

register(new URL('./ts-hooks.mjs', import.meta.url).href);

const { createRng } = await import('@freeavatar/core');
const { avatarIds, createAvatarRenderer, getAvatar, retarget, sampleExpression, applyRig } =
  await import('../src/index.ts');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const frames = Number(option('frames', 300));
const sizes = option('sizes', '64,128').split(',').map(Number);

for (const id of avatarIds()) {
  const t0 = performance.now();
  const avatar = getAvatar(id);
  const buildMs = performance.now() - t0;
  const rng = createRng(1);
  const rigs = Array.from({ length: 64 }, () => retarget(id, sampleExpression(rng).weights));
  const out = new Float32Array(avatar.mesh.positions.length);
  const r0 = performance.now();
  for (let i = 0; i < 2000; i++) applyRig(avatar, rigs[i % rigs.length], out);
  const rigUs = ((performance.now() - r0) / 2000) * 1000;
  console.log(
    `${id}: built in ${buildMs.toFixed(0)} ms; ${avatar.mesh.positions.length / 3} vertices, ` +
      `${avatar.mesh.indices.length / 3} triangles, ${avatar.rig.length} controls; applyRig ${rigUs.toFixed(0)} µs`,
  );
  for (const size of sizes) {
    const renderer = createAvatarRenderer({ size });
    for (let i = 0; i < 20; i++) renderer.render(id, rigs[i % rigs.length]);
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < frames; i++) renderer.render(id, rigs[i % rigs.length]);
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.log(
      `  ${size}×${size}: ${(frames / seconds).toFixed(0)} renders/s wall, ` +
        `${(frames / cpuSeconds).toFixed(0)} renders/s per CPU second`,
    );
  }
}
