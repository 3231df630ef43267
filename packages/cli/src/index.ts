export { createProgram, main } from './program.js';
export { runCrop, type CropCommandOptions, type CropSummary } from './commands/crop.js';
export { runBackends, type BackendRow } from './commands/backends.js';
export {
  resumeCommand,
  runTrainEncoder,
  type TrainEncoderOptions,
  type TrainEncoderSummary,
} from './commands/train-encoder.js';
export {
  rendererResumeCommand,
  runTrainRenderer,
  type TrainRendererOptions,
  type TrainRendererSummary,
} from './commands/train-renderer.js';
export {
  encoderTrainingData,
  type EncoderBatchShape,
  type CoordinateData,
  type EncoderTrainingData,
} from './commands/train-encoder-data.js';
export { type EncoderDataFlags, type EncoderStage } from './commands/train-encoder-flags.js';
export {
  readAugmentConfig,
  readSceneConfig,
  type SceneConfig,
} from './commands/training-configs.js';
export {
  runEmbed,
  type EmbedCommandOptions,
  type EmbedSummary,
  type EmbeddedFaceMetadata,
  type EmbeddingRecord,
} from './commands/embed.js';
export { runSearch, type SearchCommandOptions, type SearchSummary } from './commands/search.js';
export {
  indexFromEmbeddingsFile,
  type EmbeddingsFileMetadata,
} from './commands/embeddings-file.js';
export { cutSquare, readFaceCrops } from './commands/face-crops.js';
export { interruptOnSigint, type Interrupt, type InterruptOptions } from './terminal/interrupt.js';
export { classifyInput, type InputKind } from './inputs.js';
export {
  findFfmpeg,
  probeVideo,
  readVideoFrames,
  writeVideo,
  type FfmpegBinary,
  type VideoFrame,
  type VideoInfo,
} from './video/ffmpeg.js';
export { createProgressBar, type ProgressBar } from './terminal/progress-bar.js';
export { runSynthFaces, type SynthFacesCommandOptions } from './commands/synth-faces.js';
export {
  runSynthTriplets,
  type SynthTripletsCommandOptions,
  type SynthTripletsSummary,
} from './commands/synth-triplets.js';
export {
  avatarPairImagePath,
  runSynthAvatarPairs,
  type SynthAvatarPairsOptions,
  type SynthAvatarPairsSummary,
} from './commands/synth-avatar-pairs.js';
export {
  defaultTrackPath,
  runSynthClip,
  type SynthClipOptions,
  type SynthClipSummary,
} from './commands/synth-clip.js';
export { runAnimate, type AnimateOptions, type AnimateSummary } from './commands/animate-run.js';
export {
  openFrameSource,
  type ActorFrame,
  type FrameSource,
  type FrameSourceOptions,
} from './commands/animate-frames.js';
export {
  openVideoWriter,
  type VideoFormat,
  type VideoWriter,
  type VideoWriterOptions,
} from './commands/animate-video-writer.js';
export type { AvatarSelection, PreviewChoice } from './commands/animate-options.js';
export { ANIMATE_STAGES, StageClock, type AnimateStage } from './commands/animate-stages.js';
