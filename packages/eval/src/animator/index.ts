export {
  KEY_CONTROLS,
  KEY_CONTROL_SLOTS,
  keyControlsOf,
  type KeyControlSlot,
} from './key-controls.js';
export {
  avatarRigScores,
  meanRig,
  medianRig,
  rigCurves,
  type AvatarRigScores,
  type AvatarRigScoresInput,
  type KeyControlScore,
  type PeerRigScores,
} from './rig-scores.js';
export {
  rigPeerPredictions,
  type RigPeerOptions,
  type RigPeerPrediction,
  type RigPeerRun,
} from './rig-peers.js';
export {
  RIG_PEER_IDS,
  runRigPeers,
  type RigPeerId,
  type RunRigPeersOptions,
} from './rig-peer-methods.js';
export {
  heldOutRigs,
  trainingMeanRigs,
  trainingMedianRigs,
  trainingBaselineRigs,
  type HeldOutAvatar,
  type HeldOutConsistency,
  type HeldOutOptions,
  type HeldOutRigs,
  type TrainingMeanOptions,
} from './held-out-rigs.js';
export {
  arkitTrackWeights,
  clipRigs,
  type ClipAvatarRigs,
  type ClipRigs,
  type ClipRigsOptions,
  type ClipVideoFrame,
} from './clip-rigs.js';
export {
  clipAvatarScores,
  type ClipAvatarScores,
  type ClipJitter,
  type ClipScoresInput,
} from './clip-scores.js';
export { animatorPlots, curveAvatar, type AnimatorPlot } from './animator-plots.js';
export {
  MIRROR_AVERAGED_ROW,
  animatorReportMarkdown,
  animatorResultsJson,
  writeAnimatorReport,
  type AnimatorReportInput,
} from './animator-report.js';
export {
  DEFAULT_ANIMATOR_EVAL_SEED,
  FULL_ACTORS,
  QUICK_ACTORS,
  QUICK_CLIP_FRAMES,
  animatorEvalCommand,
  runAnimatorEval,
  type AnimatorEvalOptions,
  type AnimatorEvalSummary,
} from './run-animator-eval.js';
export {
  VIEW_SUBSETS,
  keyControlsByView,
  viewKeySection,
  viewKeyTable,
  type ActorView,
  type ViewKeyScore,
  type ViewKeyScores,
  type ViewScoresInput,
  type ViewSubset,
} from './view-scores.js';
