export { createAnimator } from './animator.js';
export { mirrorAveragedRigs } from './mirror-average.js';
export type {
  AlignedFace,
  AnimationResult,
  Animator,
  AnimatorInput,
  AnimatorOptions,
  AvatarRig,
  VideoAnimationResult,
} from './animator-types.js';
export { defaultAnimatorModelUrl, resolveDefaultAnimatorModel } from './default-model.js';
