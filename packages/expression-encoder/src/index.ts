export {
  VIT_PRESETS,
  patchCount,
  resolveVitConfig,
  type VitConfig,
  type VitPreset,
} from './presets.js';
