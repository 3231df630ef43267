import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import {
  FreeAvatarError,
  assertNonEmptyString,
  assertObject,
  contactSheet,
  readImageFile,
  writeImageFile,
  type BackendName,
  type ModelSource,
  type RgbImage,
} from '@freeavatar/core';
import type { FaceBox } from '@freeavatar/face-crop';
import { ExpressionIndex, type SearchHit } from '@freeavatar/expression-encoder';
import { indexFromEmbeddingsFile } from './embeddings-file.js';
import { readFaceCrops } from './face-crops.js';
import { openEncoder } from './open-encoder.js';
import { integerArg } from './option-parsers.js';

/**
 * Options of {@link runSearch}.
 *
 * @example
 * ```ts
 * const options: SearchCommandOptions = { index: 'out/frames.faidx', query: 'smile.jpg', k: 8 };
 * ```
 */
export interface SearchCommandOptions {
  /**
   * An index file written by `freeavatar embed --index`, or the embeddings file of `freeavatar
   * embed --out` (a name ending in `.jsonl`, read whole into memory).
   */
  readonly index: string;
  /** An image with a face (the largest face is used). */
  readonly query: string;
  /** Results to return (default 8). */
  readonly k?: number;
  /** Folder for `search.png` (query crop, then the results) and `results.json`. */
  readonly out?: string;
  /** The expression model that built the index (default: the shipped weights). */
  readonly model?: 'default' | ModelSource;
  readonly backend?: BackendName;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/**
 * What {@link runSearch} found.
 *
 * @example
 * ```ts
 * declare const options: SearchCommandOptions;
 * const { hits, contactSheet }: SearchSummary = await runSearch({ ...options, out: 'out/search' });
 * ```
 */
export interface SearchSummary {
  /** The query face's box, and how many faces the query image has. */
  readonly query: { readonly box: FaceBox; readonly faces: number };
  /** Best first. */
  readonly hits: SearchHit<Record<string, unknown>>[];
  /** Items in the index. */
  readonly indexSize: number;
  /** The contact sheet, when `out` was given. */
  readonly contactSheet: string | undefined;
  /** Results whose crop could not be read for the sheet (empty cells). */
  readonly missingCrops: number;
}

const CELL = 96;
const QUERY_FRAME: readonly [number, number, number] = [255, 160, 0];

/** A copy of an image with a coloured frame, to mark the query on the sheet. */
function framed(image: RgbImage, colour: readonly [number, number, number]): RgbImage {
  const data = image.data.slice();
  const t = Math.max(2, Math.round(image.width / 32));
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (x < t || y < t || x >= image.width - t || y >= image.height - t) {
        data.set(colour, (y * image.width + x) * 3);
      }
    }
  }
  return { ...image, data };
}

function emptyCell(): RgbImage {
  return { width: CELL, height: CELL, data: new Uint8Array(CELL * CELL * 3).fill(64) };
}

/**
 * `freeavatar search`: embeds the largest face of a query image and finds the `k` index items
 * with the most similar expression (cosine similarity). With `out` it writes `search.png`, the
 * query crop (framed in orange) followed by the results' crops in rank order, and
 * `results.json`. Result crops come from the index metadata that `freeavatar embed --index`
 * stores (saved crops, or the face box cut again from the source image or video frame).
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` for a missing index or query, `INVALID_ARGUMENT` when
 *   `options` is not an object or lacks `index` or `query`, the index holds embeddings of another
 *   width than the model's or the query has no face,
 *   `MODEL_LOAD_FAILED` when the model cannot be loaded.
 * @example
 * ```ts
 * const { hits } = await runSearch({
 *   index: 'out/frames.faidx', query: 'smile.jpg', k: 8, out: 'out/search',
 *   model: 'runs/triplet/model/model.json',
 * });
 * for (const hit of hits) console.log(hit.id, hit.score.toFixed(3));
 * ```
 */
export async function runSearch(options: SearchCommandOptions): Promise<SearchSummary> {
  assertObject(options, 'options');
  assertNonEmptyString(options.index, 'options.index');
  assertNonEmptyString(options.query, 'options.query');
  const log = options.log ?? (() => {});
  const k = options.k ?? 8;
  const index = options.index.toLowerCase().endsWith('.jsonl')
    ? await indexFromEmbeddingsFile(options.index)
    : await ExpressionIndex.load(options.index);
  const query = await readImageFile(options.query);
  const encoder = await openEncoder(options.model, options.backend);
  let found;
  try {
    const dim = encoder.config.embeddingDim;
    if (index.dim !== dim) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `The index ${options.index} holds ${index.dim}-d embeddings but the model gives ${dim}-d ones; ` +
          'search with the model that built the index',
        { subject: options.index },
      );
    }
    found = await encoder.embedImages(query);
  } finally {
    encoder.dispose();
  }
  if (found.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `No face found in the query image ${options.query}`,
      {
        subject: options.query,
      },
    );
  }
  const area = (b: FaceBox): number => b.width * b.height;
  const best = found.reduce((a, b) => (area(b.face.box) > area(a.face.box) ? b : a));
  if (found.length > 1) log(`the query has ${found.length} faces; using the largest`);
  const hits = index.search(best.embedding, k);
  let sheet: string | undefined;
  let missingCrops = 0;
  if (options.out !== undefined) {
    const crops = await readFaceCrops(hits.map((h) => h.metadata));
    missingCrops = crops.filter((c) => c === undefined).length;
    if (missingCrops > 0)
      log(`${missingCrops} result crops could not be read; their cells are empty`);
    await mkdir(options.out, { recursive: true });
    sheet = join(options.out, 'search.png');
    const cells = [framed(best.face.crop, QUERY_FRAME), ...crops.map((c) => c ?? emptyCell())];
    await writeImageFile(
      sheet,
      contactSheet(cells, { columns: Math.min(cells.length, 9), cellSize: CELL }),
    );
    await writeFile(
      join(options.out, 'results.json'),
      JSON.stringify(
        { query: options.query, box: best.face.box, index: options.index, hits },
        null,
        1,
      ),
    );
  }
  return {
    query: { box: best.face.box, faces: found.length },
    hits,
    indexSize: index.size,
    contactSheet: sheet,
    missingCrops,
  };
}

/**
 * The `search` command; `out` receives the results, one line each.
 *
 * @example
 * ```ts
 * program.addCommand(searchCommand(console.log));
 * ```
 */
export function searchCommand(out: (line: string) => void): Command {
  return new Command('search')
    .description('Find the indexed faces whose expression is closest to a query image')
    .requiredOption(
      '--index <file>',
      'index written by `freeavatar embed --index`, or the .jsonl of `freeavatar embed --out`',
    )
    .requiredOption('--query <image>', 'image with a face (the largest face is used)')
    .option('--k <n>', 'number of results', integerArg('--k', 1, 10_000), 8)
    .option('--out <dir>', 'write search.png (query + result crops) and results.json here')
    .option(
      '--model <path>',
      'expression model.json that built the index (default: shipped weights)',
    )
    .addOption(
      new Option('--backend <name>', 'tfjs backend to prefer').choices([
        'webgpu',
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    )
    .action(async (flags: Omit<SearchCommandOptions, 'log'>) => {
      const summary = await runSearch({ ...flags, log: out });
      if (summary.hits.length === 0) out(`the index ${flags.index} is empty`);
      for (const [rank, hit] of summary.hits.entries()) {
        out(
          `${rank + 1}. ${hit.score.toFixed(4)}  ${hit.id}  ${JSON.stringify(hit.metadata ?? {})}`,
        );
      }
      if (summary.contactSheet) out(`wrote ${summary.contactSheet}`);
    });
}
