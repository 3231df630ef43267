export type { AnimatorAvatarBatch, AnimatorBatch } from './animator-batch.js';
export {
  ANIMATOR_LOSS_WEIGHTS,
  animatorLoss,
  embedImages,
  imageLoss,
  perceptualLoss,
  rigAbsoluteLoss,
  rigLoss,
  symmetryLoss,
  type AnimatorLossInputs,
  type AnimatorLossParts,
  type AnimatorLossWeights,
} from './animator-loss.js';
export { animatorTrainingStep, type AnimatorStepSetup } from './animator-step.js';
export { cosineRestarts, type CosineRestartsOptions } from './cosine-restarts.js';
export { mirrorControlName, mirrorImages, mirrorPermutation, mirrorRigs } from './mirror.js';
export { meanFeature } from './neutral-feature.js';
export { rigL1ControlWeights } from './rig-l1-controls.js';
export {
  createSynthAnimatorData,
  type SynthAnimatorData,
  type SynthAnimatorDataOptions,
} from './synth-animator-data.js';
export {
  ANIMATOR_LEARNING_RATE,
  trainAnimator,
  type TrainAnimatorOptions,
  type TrainAnimatorResult,
} from './train-animator.js';
