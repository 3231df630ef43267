// Drives the three avatars from the camera, frame by frame, and draws each with its rig.
// Progress goes to the page and to `window.freeavatarLive` (read by the browser test).
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder } from '@freeavatar/expression-encoder';
import { createAnimator } from '@freeavatar/animator';
import { createAvatarRenderer } from '@freeavatar/synth';
import { FILES } from './files.js';

const status = document.getElementById('status');
const live = { frames: 0, faces: 0, framesPerSecond: 0, rigs: [] };
window.freeavatarLive = live;

/** Each canvas's pixel buffer, made once and reused every frame. */
const pixels = new Map();

/** Draws an RGB picture onto a canvas of its size. */
function draw(canvas, image) {
  let rgba = pixels.get(canvas);
  if (rgba === undefined) {
    rgba = new ImageData(image.width, image.height);
    rgba.data.fill(255); // opaque
    pixels.set(canvas, rgba);
  }
  for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
    rgba.data[j] = image.data[i];
    rgba.data[j + 1] = image.data[i + 1];
    rgba.data[j + 2] = image.data[i + 2];
  }
  canvas.getContext('2d').putImageData(rgba, 0, 0);
}

async function run() {
  const wanted = new URLSearchParams(location.search).get('backend') ?? 'webgpu';
  const { name: backend } = await initBackend({ prefer: wanted, wasmPaths: FILES.wasm });
  const encoder = await createExpressionEncoder({ model: FILES.encoder });
  const animator = await createAnimator({
    model: FILES.animator,
    encoder,
    faceCropper: { detectorModel: FILES.detector, meshModel: FILES.mesh },
  });
  const renderer = createAvatarRenderer({ size: 128 });
  const ids = animator.avatars().map((a) => a.id);
  const video = document.getElementById('camera');
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 } } });
  await video.play();
  const started = performance.now();
  let last = 0;
  for (;;) {
    // A new camera frame each time: wait for the next one the page paints.
    await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
    const now = performance.now();
    if (now <= last) continue;
    last = now;
    const result = await animator.animateVideo(video, now, ids);
    live.frames++;
    if (result.face) live.faces++;
    for (const id of ids)
      draw(document.getElementById(id), renderer.render(id, result.avatars[id].vector));
    live.rigs.push(
      Object.fromEntries(ids.map((id) => [id, Array.from(result.avatars[id].vector)])),
    );
    if (live.rigs.length > 300) live.rigs.shift();
    live.framesPerSecond = (live.frames * 1000) / (performance.now() - started);
    status.textContent =
      `Backend ${backend}: ${live.frames} frames, a face in ${live.faces}, ` +
      `${live.framesPerSecond.toFixed(1)} frames/s.`;
  }
}

run().catch((error) => {
  status.textContent = `Failed: ${error.message}`;
  live.error = error.message;
});
