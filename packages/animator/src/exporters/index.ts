export {
  assertAnimationTrack,
  resampleTrack,
  type AnimationFrame,
  type AnimationTrack,
} from './animation-track.js';
export {
  ANIMATION_JSON_FORMAT,
  parseAnimationJson,
  toAnimationJson,
  type AnimationJson,
} from './animation-json.js';
export {
  parseAnimationCsv,
  toAnimationCsv,
  type ParseAnimationCsvOptions,
} from './animation-csv.js';
export {
  LIVE_LINK_FACE_BLENDSHAPES,
  LIVE_LINK_FACE_HEADER,
  LIVE_LINK_FACE_ROTATIONS,
  isArkitTrack,
  liveLinkTimecode,
  parseLiveLinkFaceCsv,
  toLiveLinkFaceCsv,
  type LiveLinkFaceCsvOptions,
  type ParseLiveLinkFaceOptions,
} from './live-link-face.js';
export { toAnimationGlb, type AnimationGlbOptions } from './animation-glb.js';
export {
  ANIMATION_FORMATS,
  writeAnimationFiles,
  type AnimationFormat,
  type WriteAnimationFilesOptions,
} from './write-animation-files.js';
