export {
  FreeAvatarError,
  ERROR_CODES,
  assertArgument,
  type FreeAvatarErrorCode,
} from './errors.js';
export {
  assertArray,
  assertNonEmptyString,
  assertNumbers,
  assertObject,
  assertTensor,
  describeValue,
  invalidArgument,
} from './arguments.js';
export { createRng, type Rng } from './rng.js';
export { progressReporter, type ProgressCallback, type ProgressEvent } from './progress.js';
export { importNode, isNode, nodeIo } from './runtime.js';
export {
  assertRgbImage,
  decodeImage,
  encodeImage,
  imageFromTensor,
  isImageFileName,
  readImageFile,
  rgbImageToTensor,
  toImageTensor,
  writeImageFile,
  type BrowserPixels,
  type ImageInput,
  type RgbImage,
} from './image.js';
export {
  describeSource,
  fileSystemHandler,
  loadGraphModel,
  loadLayersModel,
  resolveModelSource,
  type ModelSource,
} from './model-io.js';
export { loadWeightMap, saveWeightMap, type WeightMap } from './weight-map.js';
export { contactSheet, type ContactSheetOptions } from './contact-sheet.js';
export {
  BACKEND_NAMES,
  isBackendName,
  parseBackendPreference,
  type BackendName,
} from './backend-names.js';
export {
  defaultBackendOrder,
  initBackend,
  listBackends,
  type BackendChoice,
  type BackendStatus,
  type InitBackendOptions,
} from './backend.js';
export type { PrepareOptions } from './backend-prepare.js';
export { registerWasmTrainingKernels, type WasmTrainingKernels } from './wasm-training-kernels.js';
export { areFastWasmSlicesRegistered, registerFastWasmSlices } from './wasm-slice.js';
export { OneEuroFilter, type OneEuroOptions } from './one-euro.js';
export { solvePositiveDefinite, symmetricEigen } from './linear-algebra.js';
export { assertFiniteArray, assertVectors, type NumericArray } from './vectors.js';
export {
  applyLinearMap,
  fitLinearMap,
  type LinearMap,
  type LinearMapOptions,
} from './linear-map.js';
