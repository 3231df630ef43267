export {
  CANONICAL_TRIANGLE_COUNT,
  CANONICAL_VERTEX_COUNT,
  loadCanonicalFace,
  type CanonicalFace,
} from '@freeavatar/face-crop';
