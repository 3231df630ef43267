export {
  animatorNetworkFrom,
  createAnimatorNetwork,
  type AnimatorNetwork,
  type AnimatorPredictOptions,
} from './animator-network.js';
export {
  avatarParamShapes,
  resolveAnimatorNetworkConfig,
  sharedParamShapes,
  validateAvatarSpec,
  type AnimatorAvatarSpec,
  type AnimatorNetworkConfig,
} from './network-config.js';
export { loadAnimatorNetwork, saveAnimatorNetwork } from './network-file.js';
