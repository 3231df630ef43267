import { readFile } from 'node:fs/promises';
import { FreeAvatarError, assertNonEmptyString } from '@freeavatar/core';
import { ExpressionIndex } from '@freeavatar/expression-encoder';
import { recordMetadata, type EmbeddedFaceMetadata, type EmbeddingRecord } from './embed.js';
import { isFaceBox } from './face-crops.js';

function badLine(path: string, line: number, why: string): FreeAvatarError {
  return new FreeAvatarError(
    'INVALID_ARGUMENT',
    `${path} line ${line}: not an embedding record of \`freeavatar embed --out\` (${why})`,
    { subject: path },
  );
}

/**
 * The metadata of a face read from an embeddings file: what `freeavatar embed --index` stores,
 * as a plain record.
 *
 * @example
 * ```ts
 * const index = await indexFromEmbeddingsFile('out/clip.jsonl');
 * const metadata: EmbeddingsFileMetadata | undefined = index.get('clip.mp4@12#0')?.metadata;
 * console.log(metadata?.kind, metadata?.frame); // 'video' 12
 * ```
 */
export type EmbeddingsFileMetadata = EmbeddedFaceMetadata & Record<string, unknown>;

/**
 * Reads the embeddings JSONL file that `freeavatar embed --out` writes into an
 * {@link ExpressionIndex}, each face under its record's id with the metadata `freeavatar embed
 * --index` would store (relative sources resolved against the working folder), so that it can
 * be searched like an index file. Blank lines are skipped.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` when the file cannot be read, `INVALID_ARGUMENT` for a
 *   `path` that is not a string or naming the line of a record that is not valid JSON, lacks an id, source, box or embedding,
 *   or has an embedding of another width than the first record's.
 * @example
 * ```ts
 * declare const queryEmbedding: Float32Array;
 * const index = await indexFromEmbeddingsFile('out/frames.jsonl');
 * const [best] = index.search(queryEmbedding, 1);
 * console.log(best.id, best.metadata?.source);
 * ```
 */
export async function indexFromEmbeddingsFile(
  path: string,
): Promise<ExpressionIndex<EmbeddingsFileMetadata>> {
  assertNonEmptyString(path, 'path');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read embeddings file ${path}`, {
      subject: path,
      cause,
    });
  }
  let index: ExpressionIndex<EmbeddingsFileMetadata> | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let record: EmbeddingRecord;
    try {
      record = JSON.parse(line) as EmbeddingRecord;
    } catch {
      throw badLine(path, i + 1, 'not JSON');
    }
    if (typeof record !== 'object' || record === null) throw badLine(path, i + 1, 'not an object');
    if (typeof record.id !== 'string' || typeof record.source !== 'string') {
      throw badLine(path, i + 1, 'no id or source');
    }
    if (!isFaceBox(record.box)) throw badLine(path, i + 1, 'no face box');
    const { embedding } = record;
    if (!Array.isArray(embedding) || embedding.length === 0) {
      throw badLine(path, i + 1, 'no embedding');
    }
    index ??= new ExpressionIndex<EmbeddingsFileMetadata>({ dim: embedding.length });
    if (embedding.length !== index.dim) {
      throw badLine(path, i + 1, `a ${embedding.length}-d embedding after ${index.dim}-d ones`);
    }
    index.add(record.id, embedding, { ...recordMetadata(record) });
  }
  return index ?? new ExpressionIndex<EmbeddingsFileMetadata>();
}
