export { assertCropBox, avatarCropBoxes, type CropBox, type CropBoxes } from './crop-boxes.js';
export {
  generatorChannels,
  generatorParamShapes,
  validateGeneratorConfig,
  type GeneratorConfig,
} from './generator.js';
export {
  defaultRendererUrl,
  resolveRendererSource,
  type NeuralRendererSource,
} from './default-renderers.js';
export { CROP_LOSS_WEIGHT, neuralRendererLoss } from './loss.js';
export {
  createNeuralRenderer,
  type NeuralRenderer,
  type NeuralRendererOptions,
} from './neural-renderer.js';
export { psnr } from './psnr.js';
export { loadNeuralRenderer, saveNeuralRenderer } from './renderer-file.js';
export {
  createRendererPool,
  poolBatchIndices,
  rendererPoolFrom,
  type RendererPool,
} from './renderer-pool.js';
export {
  imagesToBatch,
  rendererBatch,
  trainNeuralRenderer,
  type RendererBatch,
  type TrainNeuralRendererOptions,
  type TrainNeuralRendererResult,
} from './train-renderer.js';
