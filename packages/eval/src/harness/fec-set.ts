import {
  FreeAvatarError,
  assertArgument,
  nodeIo,
  progressReporter,
  readImageFile,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { readFecTriplets, type FecFace } from '@freeavatar/expression-encoder';
import type { Triplet } from '../metrics/triplet.js';
import { cropRelativeBox } from './box-crop.js';
import type { EvalFace, TripletSet } from './triplet-set.js';

/**
 * Options of {@link fecTripletSet}.
 *
 * @example
 * ```ts
 * const options: FecSetOptions = { data: 'data/test-triplets', count: 500 };
 * ```
 */
export interface FecSetOptions {
  /**
   * A folder holding one FEC-format CSV (`triplets.csv` when there are several) and its images
   * (in an `images/` subfolder, else beside the CSV), as `freeavatar synth triplets` writes
   * it; or the CSV file itself.
   */
  data: string;
  /** Use only the first `count` usable triplets. Default: all. */
  count?: number;
  /** Side of the square face crops cut around each face box, 32..512. Default 112. */
  size?: number;
  /** Grow each face box by this share of its longer side on every side. Default 0.25. */
  margin?: number;
  onProgress?: ProgressCallback;
}

/** Labels of a synthetic dataset's faces, by image file name, from its `triplets.jsonl`. */
async function synthLabels(
  csvPath: string,
): Promise<Map<string, { emotion?: string; identity?: string }>> {
  const { fs, path } = await nodeIo();
  const labels = new Map<string, { emotion?: string; identity?: string }>();
  let text: string;
  try {
    text = await fs.readFile(path.join(path.dirname(csvPath), 'triplets.jsonl'), 'utf8');
  } catch {
    return labels;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as {
        faces?: { file?: string; emotion?: string; identity?: string }[];
      };
      for (const face of record.faces ?? []) {
        if (typeof face.file !== 'string') continue;
        labels.set(path.basename(face.file), { emotion: face.emotion, identity: face.identity });
      }
    } catch {
      // A damaged details line only loses labels; the CSV decides the triplets.
    }
  }
  return labels;
}

/** The CSV and image folder that `data` names. */
async function locate(data: string): Promise<{ csv: string; images: string }> {
  const { fs, path } = await nodeIo();
  let stat;
  try {
    stat = await fs.stat(data);
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `--data ${data} does not exist`, {
      subject: data,
      cause,
    });
  }
  const imagesOf = async (dir: string): Promise<string> => {
    const sub = path.join(dir, 'images');
    try {
      if ((await fs.stat(sub)).isDirectory()) return sub;
    } catch {
      // no images/ subfolder: images sit beside the CSV
    }
    return dir;
  };
  if (stat.isFile()) return { csv: data, images: await imagesOf(path.dirname(data)) };
  const csvs = (await fs.readdir(data)).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  const csv = csvs.includes('triplets.csv') ? 'triplets.csv' : csvs.length === 1 ? csvs[0] : '';
  if (csv === '') {
    throw new FreeAvatarError(
      'FILE_NOT_FOUND',
      csvs.length === 0
        ? `--data ${data} holds no FEC-format CSV (expected triplets.csv and images/)`
        : `--data ${data} holds several CSVs (${csvs.join(', ')}); name one, or call it triplets.csv`,
      { subject: data },
    );
  }
  return { csv: path.join(data, csv), images: await imagesOf(data) };
}

/**
 * Reads an FEC-format triplet CSV with its image folder (the public FEC data, or what
 * `freeavatar synth triplets` writes) as a {@link TripletSet}. Triplets come from the
 * expression encoder's `readFecTriplets` (the majority answer is the negative; rows with
 * missing images are counted and skipped); every distinct face (file and box) becomes one face
 * of the set, a square crop around its box. When a `triplets.jsonl` from `@freeavatar/synth`
 * lies beside the CSV, faces get its emotion and identity labels.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` when `data` or its CSV is missing,
 *   `UNSUPPORTED_IMAGE` when no row has all its images, `INVALID_ARGUMENT` for bad options.
 * @example
 * ```ts
 * const set = await fecTripletSet({ data: 'data/test-triplets' });
 * console.log(set.description);
 * ```
 */
export async function fecTripletSet(options: FecSetOptions): Promise<TripletSet> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  assertArgument(
    typeof options.data === 'string' && options.data !== '',
    `data must be a folder or CSV path, got ${String(options.data)}`,
  );
  const size = options.size ?? 112;
  assertArgument(
    Number.isInteger(size) && size >= 32 && size <= 512,
    `size must be an integer in 32..512, got ${size}`,
  );
  assertArgument(
    options.count === undefined || (Number.isInteger(options.count) && options.count >= 1),
    `count must be a positive integer, got ${options.count}`,
  );
  const { csv, images } = await locate(options.data);
  const { triplets: all, summary } = await readFecTriplets(csv, images);
  if (all.length === 0) {
    throw new FreeAvatarError(
      'UNSUPPORTED_IMAGE',
      `no usable triplets in ${csv} with images from ${images}: ${summary.message}`,
      { subject: csv },
    );
  }
  const chosen = all.slice(0, options.count ?? all.length);
  const labels = await synthLabels(csv);
  const { path } = await nodeIo();
  const report = progressReporter(options.onProgress);
  const faces: EvalFace[] = [];
  const indexOf = new Map<string, number>();
  const decoded = new Map<string, RgbImage>();
  const faceIndex = async (face: FecFace): Promise<number> => {
    const key = `${face.file}|${face.box.left},${face.box.right},${face.box.top},${face.box.bottom}`;
    const known = indexOf.get(key);
    if (known !== undefined) return known;
    let image = decoded.get(face.file);
    if (image === undefined) {
      image = await readImageFile(path.join(images, face.file));
      decoded.set(face.file, image);
      // Keep few decoded photos: FEC triplets rarely share images far apart.
      if (decoded.size > 64) decoded.delete(decoded.keys().next().value as string);
    }
    const label = labels.get(face.file);
    faces.push({
      image: cropRelativeBox(image, face.box, size, options.margin ?? 0.25),
      emotion: label?.emotion,
      identity: label?.identity,
      source: face.file,
    });
    indexOf.set(key, faces.length - 1);
    return faces.length - 1;
  };
  const triplets: Triplet[] = [];
  let repeatedFaces = 0;
  for (let i = 0; i < chosen.length; i++) {
    const t = chosen[i];
    const roles = [
      await faceIndex(t.anchor),
      await faceIndex(t.positive),
      await faceIndex(t.negative),
    ];
    if (new Set(roles).size < 3) repeatedFaces++;
    else triplets.push({ anchor: roles[0], positive: roles[1], negative: roles[2], type: t.type });
    report({ task: 'eval:read', done: i + 1, total: chosen.length, unit: 'triplets' });
  }
  if (triplets.length === 0) {
    throw new FreeAvatarError(
      'UNSUPPORTED_IMAGE',
      `every triplet of ${csv} names the same face twice; nothing to evaluate`,
      { subject: csv },
    );
  }
  return {
    description: `${triplets.length} FEC-format triplets from ${csv} (${summary.message})`,
    faces,
    triplets,
    details: {
      source: 'fec',
      csv,
      images,
      size,
      count: triplets.length,
      skippedMissingImages: summary.missingImages,
      skippedNoMajority: summary.noMajority,
      malformedRows: summary.malformed,
      skippedRepeatedFaces: repeatedFaces,
    },
  };
}
