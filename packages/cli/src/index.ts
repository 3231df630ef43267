export { createProgram, main } from './program.js';
export { runCrop, type CropCommandOptions, type CropSummary } from './commands/crop.js';
export { runBackends, type BackendRow } from './commands/backends.js';
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
