import { FreeAvatarError } from '@freeavatar/core';

const MAGIC = 'FAEINDX1';
const FORMAT = 'freeavatar-expression-index';

interface Header {
  format: string;
  version: number;
  dim: number;
  count: number;
  ids: string[];
  metadata: unknown[];
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Serialises index contents: magic, uint32 header length, JSON header, padding, float32 LE data. */
export function encodeIndex(
  dim: number,
  ids: readonly string[],
  metadata: readonly unknown[],
  vectors: Float32Array,
): Uint8Array {
  const header: Header = {
    format: FORMAT,
    version: 1,
    dim,
    count: ids.length,
    ids: [...ids],
    metadata: metadata.map((m) => (m === undefined ? null : m)),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataOffset = Math.ceil((12 + json.length) / 4) * 4;
  const out = new Uint8Array(dataOffset + vectors.length * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  if (littleEndian) {
    out.set(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.length * 4), dataOffset);
  } else {
    const view = new DataView(out.buffer, dataOffset);
    vectors.forEach((v, i) => view.setFloat32(i * 4, v, true));
  }
  return out;
}

function bad(why: string): FreeAvatarError {
  return new FreeAvatarError('INVALID_ARGUMENT', `Not an expression index file: ${why}`);
}

/** Reads what {@link encodeIndex} wrote, checking every size. */
export function decodeIndex(bytes: Uint8Array): {
  dim: number;
  ids: string[];
  metadata: unknown[];
  vectors: Float32Array;
} {
  if (!(bytes instanceof Uint8Array) || bytes.length < 12) throw bad('too short');
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw bad(`missing magic "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw bad('header longer than the file');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch {
    throw bad('unreadable header');
  }
  const { dim, count, ids, metadata } = header;
  if (header.format !== FORMAT || header.version !== 1)
    throw bad(`format ${header.format} v${header.version}`);
  if (!Number.isInteger(dim) || dim <= 0 || !Number.isInteger(count) || count < 0)
    throw bad('bad dim or count');
  if (
    !Array.isArray(ids) ||
    ids.length !== count ||
    !Array.isArray(metadata) ||
    metadata.length !== count
  ) {
    throw bad(
      `header lists ${ids?.length} ids and ${metadata?.length} metadata for ${count} items`,
    );
  }
  const dataOffset = Math.ceil((12 + headerLength) / 4) * 4;
  if (bytes.length !== dataOffset + count * dim * 4) {
    throw bad(`expected ${dataOffset + count * dim * 4} bytes, got ${bytes.length}`);
  }
  let vectors: Float32Array;
  if (littleEndian) {
    // Copy into a fresh buffer: `bytes` may be a view into a larger one (a Node Buffer).
    const copy = new Uint8Array(count * dim * 4);
    copy.set(bytes.subarray(dataOffset));
    vectors = new Float32Array(copy.buffer);
  } else {
    vectors = new Float32Array(count * dim);
    const data = new DataView(bytes.buffer, bytes.byteOffset + dataOffset);
    for (let i = 0; i < vectors.length; i++) vectors[i] = data.getFloat32(i * 4, true);
  }
  return { dim, ids, metadata: metadata.map((m) => (m === null ? undefined : m)), vectors };
}
