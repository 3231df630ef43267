/**
 * Where the example server exposes the files the packages ship (Vite serves the repository, so
 * these are their paths in it). In your own app, serve the same files and use their URLs.
 */
export const FILES = {
  encoder: '/packages/expression-encoder/weights/model.json',
  animator: '/packages/animator/weights/animator/model.json',
  detector: '/node_modules/@vladmandic/human/models/blazeface.json',
  mesh: '/node_modules/@vladmandic/human/models/facemesh.json',
  wasm: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
};
