export { createRasterizer } from './rasterizer.js';
export {
  cameraToFit,
  focalLengthFromFov,
  projectPoints,
  resolveCamera,
  rotationMatrix,
  type FitOptions,
  type ResolvedCamera,
} from './camera.js';
export {
  DEFAULT_LIGHT,
  randomLight,
  resolveLight,
  type RandomLightOptions,
  type ResolvedLight,
} from './lighting.js';
export { assertRasterMesh } from './validate.js';
export {
  fillBackground,
  randomBackground,
  renderBackground,
  type BackgroundKind,
  type BackgroundSpec,
  type CropRect,
  type RandomBackgroundOptions,
} from './backgrounds.js';
export {
  OCCLUDER_KINDS,
  createHairOccluder,
  createHandOccluder,
  createMicrophoneOccluder,
  drawOccluder,
  occluderMask,
  randomOccluder,
  type Occluder,
  type OccluderKind,
  type OccluderOptions,
  type PixelRect,
  type RandomOccluderOptions,
} from './occluders.js';
export { addShapeToMask, drawShape, type Shape2D } from './shapes2d.js';
export type {
  CameraParams,
  LightParams,
  RasterMesh,
  Rasterizer,
  RasterizerOptions,
  RenderOptions,
  RgbColor,
  SurfaceMaterial,
} from './types.js';
