export * from './raster/index.js';
export type { TriangleMesh } from './mesh-types.js';
export {
  CANONICAL_TRIANGLE_COUNT,
  CANONICAL_VERTEX_COUNT,
  loadCanonicalFace,
  type CanonicalFace,
} from './face/canonical-face.js';
export { FACE_LANDMARKS, LANDMARK, type FaceLandmarkGroup } from './face/landmarks.js';
export {
  createFaceTemplate,
  type FaceSide,
  type FaceTemplate,
  type Vec3,
} from './face/face-template.js';
export type { Adjacency } from './face/mesh-topology.js';
export { fitEyeball, type EyeballFit } from './face/eyeball-fit.js';
export {
  FACE_PART_NAMES,
  computeFaceNormals,
  computeVertexNormals,
  mergeFaceMesh,
  type FaceMesh,
  type FacePartName,
  type MeshPart,
  type PartMaterial,
} from './face/face-mesh.js';
export { createFaceModel, getDefaultFaceModel, type FaceModel } from './face/face-model.js';
export {
  DEFAULT_APPEARANCE,
  FACIAL_HAIR_STYLES,
  GLASSES_SHAPES,
  HAIR_STYLES,
  type Appearance,
  type FacialHairStyle,
  type GlassesShape,
  type HairStyle,
  type Rgb,
} from './face/appearance.js';
export {
  createHead,
  type EyeState,
  type Head,
  type HeadFrame,
  type HeadOptions,
} from './face/head.js';
export {
  ARKIT_BLENDSHAPES,
  ARKIT_BLENDSHAPE_COUNT,
  ARKIT_BLENDSHAPE_NAMES,
  blendshapeIndex,
  isArkitBlendshape,
  toWeightVector,
  weightRecord,
  type ArkitBlendshape,
  type BlendshapeRegion,
  type BlendshapeWeights,
} from './blendshapes/arkit.js';
export {
  createBlendshapeBasis,
  type BlendshapeBasis,
  type SparseDisplacement,
} from './blendshapes/blendshape-basis.js';
export { applyBlendshapes } from './blendshapes/apply-blendshapes.js';
export {
  RIG_LIMITS,
  applyAffine,
  eyeRotationMatrix,
  eyeRotations,
  jawAffine,
  type Affine,
  type EyeRotation,
} from './blendshapes/rig.js';
export {
  DATASET_SPLITS,
  identityId,
  identitySeeds,
  identitySplit,
  type DatasetSplit,
} from './identity/split.js';
export {
  FACE_SHAPE_COMPONENTS,
  createFaceShapeBasis,
  faceShapeFromCoefficients,
  type FaceShapeBasis,
  type FaceShapeComponent,
} from './identity/face-shape-basis.js';
export {
  SKIN_TONES,
  sampleAppearance,
  skinToneAt,
  type AppearanceTraits,
} from './identity/appearance-sampler.js';
export { faceShapeBasisOf, sampleIdentity, type Identity } from './identity/identity.js';
export {
  EMOTIONS,
  EMOTION_PROTOTYPES,
  emotionWeights,
  type Emotion,
  type WeightRecord,
} from './expressions/prototypes.js';
export {
  DEFAULT_KIND_WEIGHTS,
  EXPRESSION_KINDS,
  RARE_CONTROLS,
  sampleExpression,
  sanitizeWeights,
  type ExpressionKind,
  type ExpressionSamplerOptions,
  type SampledExpression,
} from './expressions/sampler.js';
export {
  createPerformance,
  samplePerformance,
  weightsAt,
  type ExpressionKeyframe,
  type Performance,
  type PerformanceEasing,
  type PerformanceSamplerOptions,
} from './expressions/performance.js';
export {
  PERCEPTUAL_REGIONS,
  PERCEPTUAL_REGION_WEIGHTS,
  createExpressionDistance,
  expressionDistance,
  type ExpressionDistance,
  type PerceptualRegion,
} from './expressions/distance.js';
export {
  perceptualTargetWeights,
  type PerceptualTargetWeightOptions,
} from './expressions/salience.js';
export {
  createReenactor,
  type PhotoPrepareOptions,
  type PreparedPhoto,
  type ReenactOptions,
  type Reenactor,
  type ReenactorOptions,
} from './reenact/reenactor.js';
export {
  sampleBilinear,
  warpPiecewiseAffine,
  type PiecewiseAffineOptions,
} from './reenact/piecewise-affine.js';
export { fitWeakPerspective, type WeakPerspective } from './reenact/weak-perspective.js';
export { parseClipScript, type ClipScript } from './reenact/clip-script.js';
export { reenactedFaceDrawer, type NamedPhoto } from './reenact/reenacted-faces.js';
export {
  arkitTrack,
  clipFrameCount,
  cropWindow,
  faceWindow,
  landmarkBounds,
  renderClipFrames,
  type ArkitTrack,
  type ClipFrame,
  type ClipOptions,
  type FaceWindow,
} from './reenact/clip.js';
export type {
  FaceCamera,
  FaceLabel,
  FaceOccluderSpec,
  FacePose,
  FaceRenderResult,
  FaceRenderer,
  FaceRendererOptions,
  FaceScene,
} from './render/types.js';
export { createFaceRenderer } from './render/face-renderer.js';
export { alignedFaceCrop, createAlignedFaceRenderer } from './render/aligned-face-renderer.js';
export {
  sampleFaceScene,
  type FaceSceneOptions,
  type FramingOptions,
  type PoseOptions,
} from './render/face-scene.js';
export {
  EMOTION_REFERENCE_INTENSITIES,
  createEmotionCategorizer,
  type EmotionCategorizer,
} from './datasets/emotion-category.js';
export {
  IDENTITY_BLOCK,
  createFaceSceneStream,
  type FaceSceneStream,
  type FaceStreamOptions,
} from './datasets/scene-stream.js';
export {
  TRIPLET_TYPES,
  createTripletSampler,
  type SynthTriplet,
  type SynthTripletType,
  type TripletSampler,
  type TripletSamplerOptions,
} from './datasets/triplets.js';
export {
  faceBatches,
  tripletBatches,
  type BatchOptions,
  type FaceBatch,
  type TripletImageBatch,
} from './datasets/batches.js';
export { faceLabelRecord, type FaceLabelRecord } from './datasets/label-record.js';
export {
  faceImagePath,
  writeFaceDataset,
  type FaceDatasetCrop,
  type FaceDatasetOptions,
  type FaceDatasetSummary,
} from './datasets/write-face-dataset.js';
export {
  SYNTH_ANNOTATOR,
  tripletImagePath,
  writeTripletDataset,
  type TripletDatasetOptions,
  type TripletDatasetSummary,
  type TripletFaceDrawer,
  type TripletFacePicture,
} from './datasets/write-triplet-dataset.js';
export {
  AVATAR_IDS,
  type Avatar,
  type AvatarId,
  type AvatarPart,
  type MorphTarget,
  type RigControl,
} from './avatars/types.js';
export type { RetargetTerm } from './avatars/retarget-terms.js';
export { HUMAN_RIG, type HumanControl } from './avatars/human.js';
export { TOON_RIG, type ToonControl } from './avatars/toon-rig.js';
export { ROBOT_RIG, type RobotControl } from './avatars/robot-rig.js';
export {
  AVATARS,
  avatarIds,
  getAvatar,
  retarget,
  retargetFormulas,
  type AvatarInfo,
} from './avatars/registry.js';
export { applyRig, assertRig } from './avatars/apply-rig.js';
export {
  AVATAR_LIGHT,
  createAvatarRenderer,
  type AvatarRenderer,
  type AvatarRendererOptions,
} from './avatars/avatar-renderer.js';
export {
  exportAvatarGlb,
  type AvatarAnimation,
  type AvatarGlbOptions,
} from './avatars/gltf-export.js';
export {
  createAvatarPairStream,
  type AvatarPair,
  type AvatarPairStream,
  type AvatarPairStreamOptions,
} from './avatars/avatar-pairs.js';
