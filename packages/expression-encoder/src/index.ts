export {
  VIT_PRESETS,
  convStemChannels,
  patchCount,
  resolveVitConfig,
  type VitConfig,
  type VitPreset,
} from './presets.js';
export { VisionTransformer, vitParamShapes, type VitOutput } from './vit.js';
export { eyeBand, eyeBranchParamShapes, type EyeBand } from './eye-branch.js';
export { EYE_READER_CHANNELS, eyeReaderFeature, eyeReaderParamShapes } from './eye-reader.js';
export {
  DEFAULT_EYE_READER_WIDTH,
  runEyeReaderTraining,
  type EyeReaderRunOptions,
} from './eye-reader-training.js';
export { patchify, unpatchify } from './patches.js';
export { countParams, paramsFromWeights, type ParamShapes, type Params } from './params.js';
export { randomMasking, type MaskPlan } from './masking.js';
export {
  MaskedAutoencoder,
  maeDecoderShapes,
  maeLoss,
  resolveMaeOptions,
  type MaeOptions,
  type ResolvedMaeOptions,
} from './mae.js';
export { ExpressionModel, headParamShapes, type EmbeddingOutput } from './expression-model.js';
export {
  TRIPLET_MARGINS,
  TRIPLET_TYPES,
  tripletLoss,
  tripletMargins,
  type TripletDistance,
  type TripletType,
} from './triplet-loss.js';
export {
  createAdamW,
  createSgd,
  decayKernelsOnly,
  type AdamWOptions,
  type DecayFilter,
  type ParamOptimizer,
  type SgdOptions,
} from './optimizer.js';
export { optimizeStep, type OptimizeStepOptions, type OptimizeStepResult } from './train-step.js';
export { warmupCosine } from './schedule.js';
export { growEncoderWeights, grownConfig, type EncoderGrowth } from './grow.js';
export {
  resolveAugmentOptions,
  type AffineJitter,
  type AugmentOptions,
  type BlurJitter,
  type ColorJitter,
  type ErasingJitter,
  type JpegJitter,
  type NoiseJitter,
  type OccluderJitter,
  type ResolvedAugmentOptions,
} from './augment-options.js';
export { augmentImages } from './augment.js';
export { jpegArtifacts } from './jpeg-artifacts.js';
export {
  train,
  type BatchSource,
  type StepContext,
  type StepFunction,
  type StepMetrics,
  type TrainOptions,
  type TrainResult,
} from './trainer.js';
export {
  loadCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
  type CheckpointState,
  type LoadedCheckpoint,
} from './checkpoint.js';
export {
  maeTrainingStep,
  tripletTrainingStep,
  type MaeStepOptions,
  type TripletBatch,
  type TripletStepOptions,
} from './training-steps.js';
export {
  runMaePretraining,
  runTripletFineTuning,
  type MaeRunOptions,
  type RunResult,
  type TripletRunOptions,
} from './training-runs.js';
export {
  fecTriplet,
  fileNameOfUrl,
  majorityAnswer,
  parseFecCsv,
  type FecAnnotation,
  type FecFace,
  type FecMalformed,
  type FecParseResult,
  type FecRow,
  type FecTriplet,
} from './fec-csv.js';
export {
  fecTripletBatches,
  readFecTriplets,
  type FecBatchOptions,
  type FecSummary,
  type ReadFecOptions,
} from './fec-dataset.js';
export {
  imageFolderBatches,
  listImageFiles,
  shuffledFileBatches,
  type FileBatch,
  type ImageFolderOptions,
} from './image-folder.js';
export { labelledFaceBatches, readLabelledFaces, type LabelledFace } from './labelled-faces.js';
export { cropBox, facesToBatch, type FaceBatchInput } from './image-batch.js';
export { defaultModelUrl, loadExpressionModel, saveExpressionModel } from './model-file.js';
export {
  createExpressionEncoder,
  type ExpressionEncoder,
  type ExpressionEncoderOptions,
  type FaceEmbedding,
} from './encoder.js';
export {
  ExpressionIndex,
  type ExpressionIndexOptions,
  type SearchHit,
  type SearchOptions,
} from './expression-index.js';
export {
  runExpressionRegression,
  targetStatistics,
  type ExpressionRegressionOptions,
  type ExpressionTargetBatch,
  type TargetStatistics,
} from './expression-regression.js';
export {
  applyHeadFit,
  fitEmbeddingHead,
  type HeadFit,
  type HeadFitOptions,
  type HeadFitSamples,
} from './head-fit.js';
export { runHeadFit, type HeadFitRunOptions, type HeadFitRunResult } from './head-fit-stage.js';
