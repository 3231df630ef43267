#!/usr/bin/env node
// Derives packages/face-crop/assets/canonical-face.json from the canonical face mesh that
// @mediapipe/face_mesh (Apache-2.0) packs inside face_mesh_solution_packed_assets.data.
//
// The asset is found by its name in the package's file table (the loadPackage({...}) call in
// face_mesh_solution_packed_assets_loader.js), then decoded as a protobuf
// (mediapipe.face_geometry.GeometryPipelineMetadata):
//   1: Mesh3d canonical_mesh { 1: vertex_type (0 = VERTEX_PT: x y z u v); 2: primitive_type
//      (0 = TRIANGLE); 3: repeated float vertex_buffer; 4: repeated uint32 index_buffer }
//   2: repeated WeightedLandmarkRef procrustes_landmark_basis { 1: uint32 landmark_id; 2: float weight }
//   3: InputSource input_source
//
// Writes assets/canonical-face.json (readable), assets/NOTICE.md, and
// src/canonical-face-data.ts (the same numbers as little-endian base64 typed arrays, so
// the package needs no JSON import or file access at run time).
//
// Usage: node packages/face-crop/scripts/derive-canonical-face.mjs
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ASSET_NAME = 'geometry_pipeline_metadata_landmarks.binarypb';
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'assets');
const dataModulePath = join(here, '..', 'src', 'canonical-face-data.ts');

const require = createRequire(import.meta.url);
const pkgJsonPath = require.resolve('@mediapipe/face_mesh/package.json');
const pkgDir = dirname(pkgJsonPath);
const pkgVersion = JSON.parse(readFileSync(pkgJsonPath, 'utf8')).version;

/** Reads the file table out of the loader script. */
function readFileTable() {
  const loader = readFileSync(join(pkgDir, 'face_mesh_solution_packed_assets_loader.js'), 'utf8');
  const at = loader.indexOf('loadPackage({');
  if (at < 0) throw new Error('no loadPackage({...}) call found in the loader script');
  // Take the balanced {...} object literal that follows.
  const start = at + 'loadPackage('.length;
  let depth = 0;
  let end = start;
  for (; end < loader.length; end++) {
    if (loader[end] === '{') depth++;
    else if (loader[end] === '}' && --depth === 0) break;
  }
  return JSON.parse(loader.slice(start, end + 1));
}

/** A minimal protobuf wire-format reader. */
class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
  }
  get done() {
    return this.pos >= this.bytes.length;
  }
  varint() {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new Error('truncated varint');
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  }
  float32() {
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  bytesField() {
    const len = this.varint();
    const out = this.bytes.subarray(this.pos, this.pos + len);
    if (out.length !== len) throw new Error('truncated length-delimited field');
    this.pos += len;
    return out;
  }
  /** Yields { field, wireType } and leaves the reader at the value. */
  tag() {
    const key = this.varint();
    return { field: Math.floor(key / 8), wireType: key & 7 };
  }
  skip(wireType) {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytesField();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function readPackedOrSingle(reader, wireType, readOne, out) {
  if (wireType === 2) {
    const sub = new Reader(reader.bytesField());
    while (!sub.done) out.push(readOne(sub));
  } else {
    out.push(readOne(reader));
  }
}

function decodeMesh3d(bytes) {
  const r = new Reader(bytes);
  const mesh = { vertexType: 0, primitiveType: 0, vertexBuffer: [], indexBuffer: [] };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1 && wireType === 0) mesh.vertexType = r.varint();
    else if (field === 2 && wireType === 0) mesh.primitiveType = r.varint();
    else if (field === 3) readPackedOrSingle(r, wireType, (s) => s.float32(), mesh.vertexBuffer);
    else if (field === 4) readPackedOrSingle(r, wireType, (s) => s.varint(), mesh.indexBuffer);
    else r.skip(wireType);
  }
  return mesh;
}

function decodeWeightedLandmark(bytes) {
  const r = new Reader(bytes);
  const out = { landmarkId: 0, weight: 0 };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1 && wireType === 0) out.landmarkId = r.varint();
    else if (field === 2 && wireType === 5) out.weight = r.float32();
    else r.skip(wireType);
  }
  return out;
}

function decodeMetadata(bytes) {
  const r = new Reader(bytes);
  const out = { basis: [], mesh: undefined, inputSource: 0 };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1 && wireType === 2) out.mesh = decodeMesh3d(r.bytesField());
    else if (field === 2 && wireType === 2) out.basis.push(decodeWeightedLandmark(r.bytesField()));
    else if (field === 3 && wireType === 0) out.inputSource = r.varint();
    else r.skip(wireType);
  }
  return out;
}

const round = (x, digits) => Number(x.toFixed(digits));

const table = readFileTable();
const entry = table.files.find((f) => f.filename.endsWith(`/${ASSET_NAME}`));
if (!entry)
  throw new Error(`${ASSET_NAME} is not in the file table of @mediapipe/face_mesh ${pkgVersion}`);
const data = readFileSync(join(pkgDir, 'face_mesh_solution_packed_assets.data'));
const bytes = new Uint8Array(data.buffer, data.byteOffset + entry.start, entry.end - entry.start);
const meta = decodeMetadata(bytes);
const mesh = meta.mesh;
if (!mesh) throw new Error('no canonical_mesh field in the metadata');
if (mesh.vertexType !== 0 || mesh.primitiveType !== 0) {
  throw new Error(
    `expected VERTEX_PT triangles, got vertex_type ${mesh.vertexType}, primitive_type ${mesh.primitiveType}`,
  );
}
if (mesh.vertexBuffer.length % 5 !== 0)
  throw new Error(`vertex buffer length ${mesh.vertexBuffer.length} is not a multiple of 5`);
const vertexCount = mesh.vertexBuffer.length / 5;
if (mesh.indexBuffer.length % 3 !== 0)
  throw new Error(`index buffer length ${mesh.indexBuffer.length} is not a multiple of 3`);
const positions = [];
const uvs = [];
for (let i = 0; i < vertexCount; i++) {
  const v = mesh.vertexBuffer.slice(i * 5, i * 5 + 5);
  positions.push(round(v[0], 6), round(v[1], 6), round(v[2], 6));
  uvs.push(round(v[3], 6), round(v[4], 6));
}
for (const idx of mesh.indexBuffer) {
  if (idx >= vertexCount)
    throw new Error(`triangle index ${idx} out of range (vertices: ${vertexCount})`);
}

const json = {
  source: `@mediapipe/face_mesh ${pkgVersion}: ${entry.filename}`,
  license: 'Apache-2.0',
  units: 'cm',
  axes: "x: towards the subject's left (image right when the face looks at the camera), y: up, z: out of the face towards the viewer",
  vertexCount,
  triangleCount: mesh.indexBuffer.length / 3,
  positions,
  uvs,
  triangles: mesh.indexBuffer,
  procrustesLandmarkBasis: meta.basis.map((b) => [b.landmarkId, round(b.weight, 6)]),
};
writeFileSync(join(outDir, 'canonical-face.json'), JSON.stringify(json) + '\n');

const notice = `# Notice: canonical-face.json

\`canonical-face.json\` (and \`src/canonical-face-data.ts\`, the same numbers as base64
typed arrays) is derived from \`${entry.filename.split('/').pop()}\`, packed inside
\`face_mesh_solution_packed_assets.data\` of the npm package \`@mediapipe/face_mesh\` version
${pkgVersion} (https://github.com/google/mediapipe, \`mediapipe/modules/face_geometry/data/\`).

Copyright The MediaPipe Authors. Licensed under the Apache License, Version 2.0
(https://www.apache.org/licenses/LICENSE-2.0). The data was changed: the protobuf was decoded
and the canonical mesh's vertex positions (cm), texture coordinates, triangles and Procrustes
landmark weights were rewritten as JSON, with numbers rounded to 6 decimals.

Regenerate with \`node packages/face-crop/scripts/derive-canonical-face.mjs\`.
`;
writeFileSync(join(outDir, 'NOTICE.md'), notice);
/** Little-endian base64 of a typed array's values. */
function base64(values, ArrayType) {
  const typed = ArrayType.from(values);
  const bytes = new Uint8Array(typed.byteLength);
  const view = new DataView(bytes.buffer);
  const size = ArrayType.BYTES_PER_ELEMENT;
  typed.forEach((v, i) => {
    if (ArrayType === Float32Array) view.setFloat32(i * size, v, true);
    else view.setUint16(i * size, v, true);
  });
  return Buffer.from(bytes).toString('base64');
}
if (vertexCount > 65535) throw new Error('triangle indices no longer fit 16 bits');
const dataModule = `// Generated by packages/face-crop/scripts/derive-canonical-face.mjs; do not edit.
// Source: @mediapipe/face_mesh ${pkgVersion} (${entry.filename.split('/').pop()}),
// Copyright The MediaPipe Authors, Apache-2.0: see packages/face-crop/assets/NOTICE.md.

/** Vertices of the canonical face mesh. */
export const CANONICAL_VERTEX_COUNT = ${vertexCount};
/** Triangles of the canonical face mesh. */
export const CANONICAL_TRIANGLE_COUNT = ${mesh.indexBuffer.length / 3};
/** Little-endian float32 x y z per vertex (cm), base64. */
export const CANONICAL_POSITIONS_BASE64 =
  '${base64(positions, Float32Array)}';
/** Little-endian float32 u v per vertex, base64. */
export const CANONICAL_UVS_BASE64 =
  '${base64(uvs, Float32Array)}';
/** Little-endian uint16 vertex indices, three per triangle, base64. */
export const CANONICAL_TRIANGLES_BASE64 =
  '${base64(mesh.indexBuffer, Uint16Array)}';
/** Landmarks of the rigid part of the face and their weights, for fitting the head rotation. */
export const CANONICAL_LANDMARK_BASIS: readonly (readonly [landmark: number, weight: number])[] = ${JSON.stringify(json.procrustesLandmarkBasis)};
`;
writeFileSync(dataModulePath, dataModule);
console.log(
  `wrote ${vertexCount} vertices, ${mesh.indexBuffer.length / 3} triangles, ${meta.basis.length} basis landmarks`,
);
