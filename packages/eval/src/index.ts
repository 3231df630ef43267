export type { NumericArray } from './metrics/validate.js';
export {
  cosineSimilarity,
  euclideanDistance,
  vectorDistance,
  type DistanceKind,
} from './metrics/distance.js';
export {
  TRIPLET_TYPES,
  tripletAccuracy,
  tripletAccuracyFromDistances,
  tripletDistances,
  type Triplet,
  type TripletAccuracy,
  type TripletAccuracyOptions,
  type TripletCount,
  type TripletDistances,
  type TripletType,
} from './metrics/triplet.js';
export {
  retrievalMetrics,
  type RetrievalMetrics,
  type RetrievalOptions,
} from './metrics/retrieval.js';
export {
  identityInvarianceRatio,
  type InvarianceOptions,
  type InvarianceResult,
  type PairGroup,
} from './metrics/invariance.js';
export { pairedDifferenceError, pairedErrorIfKnown } from './metrics/paired-outcomes.js';
export {
  pearsonInterval,
  type ConfidenceInterval,
  type IntervalOptions,
} from './metrics/bootstrap.js';
export {
  expressionConsistency,
  meanAbsoluteError,
  pearsonCorrelation,
  rigError,
  rootMeanSquaredError,
  STILL_CONTROL_SPREAD,
  type ControlError,
  type RigCurves,
  type RigError,
  type RigErrorOptions,
} from './metrics/rig.js';
export {
  curveLag,
  heldSegments,
  rigLag,
  temporalJitter,
  type FrameSegment,
  type HeldSegmentOptions,
  type LagOptions,
  type LagResult,
  type RigLag,
} from './metrics/temporal.js';
export {
  INTER_OCULAR_LANDMARKS,
  boxIoU,
  faceRecall,
  landmarkError,
  type Box,
  type FaceRecall,
  type FaceRecallOptions,
  type LandmarkError,
  type LandmarkErrorOptions,
  type LandmarkPoint,
  type LandmarkRef,
} from './metrics/detection.js';
export { fixedFormatFor, formatValue } from './format.js';
export { PLOT_COLORS, type PlotOptions } from './plots/canvas.js';
export { renderBarChart, type BarChartSpec, type BarSeries } from './plots/bar.js';
export { renderScatterPlot, type ScatterPlotSpec, type ScatterSeries } from './plots/scatter.js';
export { renderCurvePlot, type CurvePlotSpec, type CurveSeries } from './plots/curves.js';
export { renderImageStrip, type ImageStripSpec, type StripItem } from './plots/strip.js';
export { renderPlot, writePlot, type PlotSpec } from './plots/plot.js';
export {
  markdownTable,
  type MarkdownTableOptions,
  type MetricColumn,
  type ResultRow,
} from './report/markdown.js';
export type {
  ExpressionFeatureMethod,
  FeatureDistance,
  PeerFace,
  RigMethod,
  RigTarget,
} from './peers/types.js';
export { assertPeerFaces, faceImage, isDetectedFace } from './peers/faces.js';
export type { FaceLocatorOptions, MissingFacePolicy } from './peers/face-locator.js';
export {
  GEOMETRY_ANCHORS,
  GEOMETRY_FEATURE_LENGTH,
  expressionGeometry,
  poseRotation,
  type GeometryOptions,
} from './peers/geometry.js';
export { landmarkGeometryMethod, type LandmarkGeometryOptions } from './peers/geometry-method.js';
export {
  EMOTION_CLASSES,
  emotionClassifierMethod,
  type EmotionClass,
  type EmotionClassifierMethod,
  type EmotionClassifierOptions,
} from './peers/emotion.js';
export {
  encoderMethod,
  type EncoderLike,
  type EncoderMethodOptions,
} from './peers/encoder-method.js';
export { fitLinearRig, linearRigMethod, type LinearRigOptions } from './peers/linear-rig.js';
export {
  KALIDOKIT_OUTPUTS,
  kalidokitMethod,
  withStandInIris,
  type KalidokitOptions,
  type KalidokitOutput,
} from './peers/kalidokit.js';
export {
  FACE_API_EXPRESSIONS,
  faceApiExpressionMethod,
  type FaceApiExpression,
  type FaceApiExpressionOptions,
} from './peers/face-api.js';
export type { ClassifierOptions } from './peers/classifier.js';
export {
  assertTripletSet,
  tripletTypeCounts,
  type EvalFace,
  type FaceView,
  type TripletSet,
} from './harness/triplet-set.js';
export { syntheticTripletSet, type SyntheticSetOptions } from './harness/synthetic-set.js';
export { fecTripletSet, type FecSetOptions } from './harness/fec-set.js';
export { cropRelativeBox, type RelativeBox } from './harness/box-crop.js';
export { alignFaces, type AlignedFaces } from './harness/align.js';
export {
  methodFeatures,
  type MethodFeatureOptions,
  type MethodFeatures,
} from './harness/method-features.js';
export {
  scoreFeatures,
  type FeatureScores,
  type InvarianceScores,
  type RetrievalScores,
  type ScoreOptions,
  type TripletScores,
  type WorstTriplet,
} from './harness/score.js';
export {
  evaluateFeatureMethods,
  isUnavailable,
  type EvalMethod,
  type EvaluateOptions,
  type Evaluation,
  type MethodResult,
  type UnavailableMethod,
} from './harness/evaluate.js';
export {
  ENCODER_METHOD_NAME,
  GEOMETRY_METHOD_NAME,
  MAE_METHOD_NAME,
} from './harness/method-names.js';
export {
  DEFAULT_METHOD_IDS,
  MAE_NOT_GIVEN,
  createDefaultMethods,
  type DefaultMethodId,
  type DefaultMethodOptions,
} from './harness/default-methods.js';
export { describeModelFile, modelFileInfo, type ModelFileInfo } from './harness/model-source.js';
export {
  robustnessRows,
  type PerturbationRun,
  type RobustnessCell,
  type RobustnessRow,
} from './harness/robustness.js';
export { addPixelNoise, gaussianBlur } from './perturb/image-perturbations.js';
export {
  darkenLight,
  occludeFace,
  turnHead,
  type DarkLightOptions,
} from './perturb/scene-perturbations.js';
export {
  BLUR_SIGMA_FRACTION,
  NOISE_STD,
  PERTURBATION_IDS,
  builtInPerturbation,
  perturbationRng,
  type Perturbation,
  type PerturbationId,
} from './perturb/perturbations.js';
export { assertPerturbation, perturbTripletSet } from './perturb/perturb-set.js';
export {
  FULL_TRIPLETS,
  QUICK_TRIPLETS,
  encoderEvalCommand,
  encoderEvalPerturbations,
  runEncoderEval,
  type EncoderEvalOptions,
  type EncoderEvalSummary,
} from './harness/run-encoder-eval.js';
export type { EvalRunOptions, EvalRunSummary } from './report/eval-run.js';
export {
  describeEnvironment,
  type EnvironmentOptions,
  type RunEnvironment,
} from './report/environment.js';
export { encoderPlots, methodSlug, type ReportPlot } from './report/encoder-plots.js';
export {
  baselineComparison,
  baselineComparisonText,
  type BaselineComparison,
  type BaselineDifference,
} from './report/baseline-comparison.js';
export { robustnessJson, robustnessMarkdown, robustnessPlots } from './report/robustness-report.js';
export {
  encoderReportMarkdown,
  encoderResultsJson,
  writeEncoderReport,
  type EncoderReportInput,
} from './report/encoder-report.js';
export * from './animator/index.js';
export {
  TRIPLET_VIEW_SUBSETS,
  WIDE_YAW_DEGREES,
  tripletAccuracyByView,
  type TripletViewSubset,
  type ViewAccuracy,
  type ViewAccuracyRow,
} from './harness/view-accuracy.js';
