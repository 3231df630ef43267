// Animates the photo on the page with the shipped models, on the backend named in the URL.
// The result goes to the page and to `window.freeavatarResult` (read by the browser test).
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder } from '@freeavatar/expression-encoder';
import { createAnimator } from '@freeavatar/animator';
import { FILES } from './files.js';

const status = document.getElementById('status');

async function run() {
  const wanted = new URLSearchParams(location.search).get('backend') ?? 'webgpu';
  const { name: backend } = await initBackend({ prefer: wanted, wasmPaths: FILES.wasm });
  const started = performance.now();
  const encoder = await createExpressionEncoder({ model: FILES.encoder });
  const animator = await createAnimator({
    model: FILES.animator,
    encoder,
    faceCropper: { detectorModel: FILES.detector, meshModel: FILES.mesh },
  });
  try {
    const photo = document.getElementById('photo');
    await photo.decode();
    const ids = animator.avatars().map((a) => a.id);
    await animator.animate(photo, ids); // the first call compiles the models' kernels
    const loadedMs = performance.now() - started;
    const t0 = performance.now();
    const result = await animator.animate(photo, ids);
    const animateMs = performance.now() - t0;
    if (result === null) throw new Error('no face found in the photo');
    const rigs = Object.fromEntries(ids.map((id) => [id, Array.from(result.avatars[id].vector)]));
    show(result, ids);
    status.textContent =
      `Backend ${backend}: models loaded and warmed up in ${loadedMs.toFixed(0)} ms; ` +
      `one frame (face finding, encoding, three avatars) in ${animateMs.toFixed(1)} ms.`;
    window.freeavatarResult = { backend, rigs, loadedMs, animateMs };
  } finally {
    animator.dispose();
    encoder.dispose();
  }
}

/** A table of each avatar's strongest controls, with bars. */
function show(result, ids) {
  const rows = ids.flatMap((id) =>
    Object.entries(result.avatars[id].controls)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(
        ([name, value]) =>
          `<tr><td>${id}</td><td>${name}</td><td>${value.toFixed(3)}</td>` +
          `<td><span class="bar" style="width:${Math.round(value * 200)}px"></span></td></tr>`,
      ),
  );
  document.getElementById('rigs').innerHTML =
    `<table><tr><th>avatar</th><th>control</th><th>value</th><th></th></tr>${rows.join('')}</table>`;
}

run().catch((error) => {
  status.textContent = `Failed: ${error.message}`;
  window.freeavatarResult = { error: error.message };
});
