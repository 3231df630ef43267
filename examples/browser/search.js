// Indexes the faces of a video's frames with the expression encoder, then searches the index
// with the photo's face. The result goes to the page and to `window.freeavatarSearch`.
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder, ExpressionIndex } from '@freeavatar/expression-encoder';
import { FILES } from './files.js';

/** Every how many frames of the video are indexed (the clip runs at 25 frames/s). */
const STEP_MS = 200;
const status = document.getElementById('status');

/** Shows the video at `timeMs` and resolves once that frame can be read. */
async function seek(video, timeMs) {
  const seeked = new Promise((resolve) =>
    video.addEventListener('seeked', resolve, { once: true }),
  );
  video.currentTime = timeMs / 1000;
  await seeked;
}

/** A thumbnail of the video's current frame. */
function thumbnail(video, caption) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 128;
  canvas.getContext('2d').drawImage(video, 0, 0, 128, 128);
  const figure = document.createElement('figure');
  const text = document.createElement('figcaption');
  text.textContent = caption;
  figure.append(canvas, text);
  return figure;
}

async function run() {
  const wanted = new URLSearchParams(location.search).get('backend') ?? 'wasm';
  const { name: backend } = await initBackend({ prefer: wanted, wasmPaths: FILES.wasm });
  const encoder = await createExpressionEncoder({
    model: FILES.encoder,
    faceCropper: { detectorModel: FILES.detector, meshModel: FILES.mesh },
  });
  try {
    const video = document.getElementById('clip');
    if (video.readyState < 1) {
      await new Promise((resolve) =>
        video.addEventListener('loadedmetadata', resolve, { once: true }),
      );
    }
    const index = new ExpressionIndex({ dim: encoder.config.embeddingDim });
    const started = performance.now();
    for (let t = 0; t < video.duration * 1000; t += STEP_MS) {
      await seek(video, t);
      const [found] = await encoder.embedImages(video);
      if (found) index.add(`${(t / 1000).toFixed(1)} s`, found.embedding, { timeMs: t });
      status.textContent = `Indexing: ${index.size} frames`;
    }
    const indexMs = performance.now() - started;
    const [query] = await encoder.embedImages(document.getElementById('query'));
    if (!query) throw new Error('no face found in the query photo');
    // every indexed frame, closest first; the page shows the first six
    const ranking = index
      .search(query.embedding, index.size)
      .map((h) => ({ id: h.id, score: h.score, timeMs: h.metadata.timeMs }));
    const hits = ranking.slice(0, 6);
    const results = document.getElementById('results');
    for (const hit of hits) {
      await seek(video, hit.timeMs);
      results.append(thumbnail(video, `${hit.id}, ${hit.score.toFixed(3)}`));
    }
    status.textContent =
      `Backend ${backend}: ${index.size} frames indexed in ${(indexMs / 1000).toFixed(1)} s; ` +
      'the closest to the photo, best first:';
    window.freeavatarSearch = {
      backend,
      indexed: index.size,
      hits,
      ranking,
    };
  } finally {
    encoder.dispose();
  }
}

run().catch((error) => {
  status.textContent = `Failed: ${error.message}`;
  window.freeavatarSearch = { error: error.message };
});
