import {
  assertArgument,
  contactSheet,
  progressReporter,
  writeImageFile,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_NAMES } from '../blendshapes/arkit.js';
import { createFaceRenderer } from '../render/face-renderer.js';
import type { PixelRect } from '../raster/occluders.js';
import type { FaceScene } from '../render/types.js';
import {
  DATASET_FILE,
  PendingWrites,
  describeOptions,
  nodeIo,
  prepareOutput,
} from './dataset-io.js';
import { faceLabelRecord } from './label-record.js';
import {
  TRIPLET_TYPES,
  createTripletSampler,
  type SynthTripletType,
  type TripletSamplerOptions,
} from './triplets.js';

/**
 * Options of {@link writeTripletDataset}: where, how many, how large, and the triplet
 * sampler's options.
 *
 * @example
 * ```ts
 * const options: TripletDatasetOptions = { out: 'data/triplets', count: 1000, size: 112, split: 'train', seed: 1 };
 * ```
 */
export interface TripletDatasetOptions extends TripletSamplerOptions {
  out: string;
  /** Number of triplets, 1..1,000,000. */
  count: number;
  size: number;
  supersample?: number;
  overwrite?: boolean;
  onProgress?: ProgressCallback;
  /**
   * Draws each face of a triplet from its scene instead of the synthetic face renderer, e.g.
   * {@link reenactedFaceDrawer} for real photos performing the scene's expression. Its pictures
   * must be `size` × `size`.
   */
  drawFace?: TripletFaceDrawer;
}

/**
 * One face of a triplet as the dataset stores it: the picture, the face's box in it, and the
 * JSON record written to `triplets.jsonl`.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const image: RgbImage;
 * const face: TripletFacePicture = {
 *   image,
 *   box: { x: 8, y: 10, width: 48, height: 50 },
 *   record: { file: 'images/triplet-0000000-1.png' },
 * };
 * ```
 */
export interface TripletFacePicture {
  image: RgbImage;
  box: PixelRect;
  record: object;
}

/**
 * Draws the faces of triplet scenes (`scene.expression` is what a triplet's answer is about).
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare function paint(scene: FaceScene): { image: RgbImage; box: PixelRect };
 * const drawFace: TripletFaceDrawer = {
 *   description: 'painted faces',
 *   draw: (scene, where) => ({ ...paint(scene), record: where }),
 * };
 * ```
 */
export interface TripletFaceDrawer {
  /** What the faces are, for `dataset.json` (e.g. `'reenacted photos: a.jpg, b.jpg'`). */
  readonly description: string;
  /** The face of `scene`; `where` names its file and its index among the dataset's faces. */
  draw(scene: FaceScene, where: { file: string; index: number }): TripletFacePicture;
}

/**
 * What {@link writeTripletDataset} wrote.
 *
 * @example
 * ```ts
 * declare const options: TripletDatasetOptions;
 * const { csv, byType, dropped }: TripletDatasetSummary = await writeTripletDataset(options);
 * ```
 */
export interface TripletDatasetSummary {
  out: string;
  count: number;
  /** The FEC-format CSV. */
  csv: string;
  /** The folder of the images the CSV names. */
  images: string;
  byType: Record<SynthTripletType, number>;
  /** Candidates dropped on the way (ambiguous or conflicting with the categories). */
  dropped: { ambiguous: number; conflicting: number };
  seconds: number;
}

/** The annotator id written into the CSV's single answer per row. */
export const SYNTH_ANNOTATOR = 'expression-distance';

const fmt = (v: number): string => String(Math.round(v * 1e4) / 1e4);

/** The face box as fractions of the image, clamped to it: left, right, top, bottom. */
function fecBox(box: PixelRect, size: number): string[] {
  const c = (v: number): number => Math.min(1, Math.max(0, v / size));
  return [c(box.x), c(box.x + box.width), c(box.y), c(box.y + box.height)].map(fmt);
}

/**
 * Relative path of face `position` (0..2, file order) of triplet `index`.
 *
 * @example
 * ```ts
 * tripletImagePath(42, 0); // 'images/triplet-0000042-1.png'
 * ```
 */
export function tripletImagePath(index: number, position: number): string {
  return `images/triplet-${String(index).padStart(7, '0')}-${position + 1}.png`;
}

/**
 * Renders a triplet dataset in the format of Google's Facial Expression Comparison (FEC) data
 * (Node only), readable by the expression encoder's `readFecTriplets(csv, imageFolder)`:
 *
 * - `triplets.csv`: one row per triplet, no header: for each of the three faces its image URL
 *   (here a path relative to the dataset folder, `images/triplet-0000000-1.png`) and its face
 *   box as fractions of the image (left, right, top, bottom); then the type
 *   (`ONE_CLASS_TRIPLET`, `TWO_CLASS_TRIPLET`, `THREE_CLASS_TRIPLET`); then one annotation
 *   `expression-distance,<k>` naming the face (1–3) most different from the other two.
 * - `images/`: the 3 × count PNGs in one folder (the FEC reader looks images up by file name).
 * - `triplets.jsonl`: per triplet its roles, emotions, expression distances, dropped candidates
 *   and the three faces' labels.
 * - `dataset.json` (options, ARKit order) and `preview.png` (the first 16 triplets as rows of
 *   anchor, positive, negative).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options or an `out` that already holds a
 *   dataset (unless `overwrite`).
 * @example
 * ```ts
 * import { writeTripletDataset } from '@freeavatar/synth';
 * const summary = await writeTripletDataset({ out: 'data/triplets', count: 300, size: 112, split: 'train', seed: 1 });
 * // later, in the encoder: readFecTriplets(summary.csv, summary.images)
 * ```
 */
export async function writeTripletDataset(
  options: TripletDatasetOptions,
): Promise<TripletDatasetSummary> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const { out, count, size } = options;
  assertArgument(typeof out === 'string' && out !== '', `out must be a folder path, got ${out}`);
  assertArgument(
    Number.isInteger(count) && count >= 1 && count <= 1_000_000,
    `count must be an integer in 1..1000000, got ${count}`,
  );
  const sampler = createTripletSampler(options);
  const renderer = createFaceRenderer({
    size,
    supersample: options.supersample,
    categorizer: sampler.categorizer,
  });
  const drawFace: TripletFaceDrawer = options.drawFace ?? {
    description: 'rendered',
    draw: (scene, where) => {
      const { image, box, label } = renderer.render(scene);
      return { image, box, record: faceLabelRecord(label, where) };
    },
  };
  await prepareOutput(out, options.overwrite ?? false);
  const { fs, path } = await nodeIo();
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const imagesDir = path.join(out, 'images');
  await fs.mkdir(imagesDir, { recursive: true });
  const csvPath = path.join(out, 'triplets.csv');
  const csv = await fs.open(csvPath, 'w');
  const details = await fs.open(path.join(out, 'triplets.jsonl'), 'w');
  const writes = new PendingWrites();
  const preview: RgbImage[] = [];
  const byType = Object.fromEntries(TRIPLET_TYPES.map((t) => [t, 0])) as Record<
    SynthTripletType,
    number
  >;
  const dropped = { ambiguous: 0, conflicting: 0 };
  try {
    for (let i = 0; i < count; i++) {
      const t = sampler.tripletAt(i);
      const files = [0, 1, 2].map((k) => tripletImagePath(i, k));
      const rendered = t.faces.map((scene, k) => {
        const face = drawFace.draw(scene, { file: files[k], index: 3 * i + k });
        assertArgument(
          face.image.width === size && face.image.height === size,
          `drawFace.draw must return ${size}×${size} pictures, got ${face.image.width}×${face.image.height}`,
        );
        return face;
      });
      for (let k = 0; k < 3; k++) await writes.add(path.join(out, files[k]), rendered[k].image);
      const row = [
        ...rendered.flatMap((r, k) => [files[k], ...fecBox(r.box, size)]),
        `${t.type}_TRIPLET`,
        SYNTH_ANNOTATOR,
        String(t.answer),
      ];
      await csv.write(row.join(',') + '\n');
      const record = {
        index: i,
        type: t.type,
        files,
        answer: t.answer,
        anchor: t.anchor,
        positive: t.positive,
        negative: t.negative,
        emotions: t.emotions,
        distances: {
          anchorPositive: Number(fmt(t.distances.anchorPositive)),
          anchorNegative: Number(fmt(t.distances.anchorNegative)),
          positiveNegative: Number(fmt(t.distances.positiveNegative)),
        },
        dropped: t.dropped,
        faces: rendered.map((r) => r.record),
      };
      await details.write(JSON.stringify(record) + '\n');
      if (preview.length < 48) {
        preview.push(
          rendered[t.anchor].image,
          rendered[t.positive].image,
          rendered[t.negative].image,
        );
      }
      byType[t.type]++;
      dropped.ambiguous += t.dropped.ambiguous;
      dropped.conflicting += t.dropped.conflicting;
      report({ task: 'synth:triplets', done: i + 1, total: count, unit: 'triplets' });
    }
    await writes.drain();
  } finally {
    await csv.close();
    await details.close();
  }
  await writeImageFile(path.join(out, 'preview.png'), contactSheet(preview, { columns: 3 }));
  const meta = {
    format: 'freeavatar-synth-triplets',
    version: 1,
    count,
    size,
    supersample: renderer.supersample,
    faces: drawFace.description,
    csv: 'triplets.csv',
    images: 'images',
    details: 'triplets.jsonl',
    preview: 'preview.png',
    annotator: SYNTH_ANNOTATOR,
    blendshapes: ARKIT_BLENDSHAPE_NAMES,
    byType,
    dropped,
    options: describeOptions(sampler.stream.options),
  };
  await fs.writeFile(path.join(out, DATASET_FILE), JSON.stringify(meta, null, 2) + '\n');
  return {
    out,
    count,
    csv: csvPath,
    images: imagesDir,
    byType,
    dropped,
    seconds: (performance.now() - started) / 1000,
  };
}
