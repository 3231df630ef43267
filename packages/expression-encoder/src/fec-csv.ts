import { assertArgument, assertArray, assertObject, describeValue } from '@freeavatar/core';
import type { TripletType } from './triplet-loss.js';

/** A face of an FEC row: its image URL, the local file name, and the normalised face box. */
export interface FecFace {
  readonly url: string;
  /** The URL's last path segment (query and fragment removed), looked up in the image folder. */
  readonly file: string;
  /** Face box as fractions of the image width (left, right) and height (top, bottom). */
  readonly box: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
}

/** One annotation: who answered, and which image (1, 2, 3) they found most different. */
export interface FecAnnotation {
  readonly annotator: string;
  readonly answer: 1 | 2 | 3;
}

/** One parsed row of an FEC-format CSV. */
export interface FecRow {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly faces: readonly [FecFace, FecFace, FecFace];
  readonly type: TripletType;
  readonly annotations: readonly FecAnnotation[];
}

/** A line that could not be parsed, and why. */
export interface FecMalformed {
  readonly line: number;
  readonly reason: string;
}

/** What {@link parseFecCsv} returns. */
export interface FecParseResult {
  readonly rows: FecRow[];
  readonly malformed: FecMalformed[];
}

/** Splits one CSV line into fields, honouring double quotes (`""` inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * The file name a face URL maps to in the local image folder: the last path segment, query and
 * fragment removed, percent-decoding undone.
 *
 * @example
 * ```ts
 * fileNameOfUrl('http://farm4.staticflickr.com/3/123_abc.jpg?x=1'); // '123_abc.jpg'
 * ```
 */
export function fileNameOfUrl(url: string): string {
  assertArgument(typeof url === 'string', `url must be a string, got ${describeValue(url)}`);
  const clean = url.split(/[?#]/)[0];
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

const TYPE_NAMES: Record<string, TripletType> = {
  ONE_CLASS_TRIPLET: 'ONE_CLASS',
  TWO_CLASS_TRIPLET: 'TWO_CLASS',
  THREE_CLASS_TRIPLET: 'THREE_CLASS',
  ONE_CLASS: 'ONE_CLASS',
  TWO_CLASS: 'TWO_CLASS',
  THREE_CLASS: 'THREE_CLASS',
};

function parseRow(fields: string[], line: number): FecRow | string {
  if (fields.length < 16)
    return `expected at least 16 fields (3 faces × 5, type), got ${fields.length}`;
  const faces: FecFace[] = [];
  for (let f = 0; f < 3; f++) {
    const [url, ...coords] = fields.slice(f * 5, f * 5 + 5);
    if (url === '') return `face ${f + 1} has no URL`;
    const [left, right, top, bottom] = coords.map(Number);
    if (![left, right, top, bottom].every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) {
      return `face ${f + 1} box must be 4 numbers in [0, 1], got ${coords.join(', ')}`;
    }
    if (!(right > left && bottom > top)) {
      return `face ${f + 1} box must have right > left and bottom > top, got ${coords.join(', ')}`;
    }
    faces.push({ url, file: fileNameOfUrl(url), box: { left, right, top, bottom } });
  }
  const type = TYPE_NAMES[fields[15].toUpperCase()];
  if (type === undefined) {
    return `triplet type must be ONE_CLASS_TRIPLET, TWO_CLASS_TRIPLET or THREE_CLASS_TRIPLET, got "${fields[15]}"`;
  }
  const annotations: FecAnnotation[] = [];
  const rest = fields.slice(16);
  while (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
  if (rest.length % 2 !== 0)
    return `annotations must be (annotator, answer) pairs, got ${rest.length} fields`;
  for (let i = 0; i < rest.length; i += 2) {
    const answer = Number(rest[i + 1]);
    if (answer !== 1 && answer !== 2 && answer !== 3) {
      return `annotation ${i / 2 + 1} answer must be 1, 2 or 3, got "${rest[i + 1]}"`;
    }
    annotations.push({ annotator: rest[i], answer });
  }
  return { line, faces: faces as unknown as FecRow['faces'], type, annotations };
}

/**
 * Parses an FEC-format triplet CSV (Vemulapalli & Agarwala 2019): per row three groups of
 * (image URL, left, right, top, bottom — the face box normalised by width / height), the
 * triplet type, then (annotator id, answer) pairs where the answer names the image most
 * different from the other two. Lines that do not parse are returned in `malformed` with the
 * reason; a header line (its first field not a URL-like string followed by a number) is skipped.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const text = await readFile('faceexp-comparison-data-train-public.csv', 'utf8');
 * const { rows, malformed } = parseFecCsv(text);
 * ```
 */
export function parseFecCsv(text: string): FecParseResult {
  assertArgument(typeof text === 'string', 'parseFecCsv needs the CSV text as a string');
  const rows: FecRow[] = [];
  const malformed: FecMalformed[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const fields = splitCsvLine(raw);
    if (index === 0 && fields.length > 1 && !Number.isFinite(Number(fields[1]))) return;
    const parsed = parseRow(fields, index + 1);
    if (typeof parsed === 'string') malformed.push({ line: index + 1, reason: parsed });
    else rows.push(parsed);
  });
  return { rows, malformed };
}

/**
 * The answer most annotators gave, with its share of the votes; `undefined` when there are no
 * annotations or the top answers tie.
 *
 * @example
 * ```ts
 * declare const row: FecRow;
 * majorityAnswer(row.annotations); // { answer: 3, agreement: 0.83 }
 * ```
 */
export function majorityAnswer(
  annotations: readonly FecAnnotation[],
): { answer: 1 | 2 | 3; agreement: number } | undefined {
  assertArray(annotations, 'annotations');
  const counts = [0, 0, 0, 0];
  for (const a of annotations) counts[a.answer]++;
  const best = Math.max(counts[1], counts[2], counts[3]);
  if (best === 0) return undefined;
  const winners = ([1, 2, 3] as const).filter((k) => counts[k] === best);
  if (winners.length > 1) return undefined;
  return { answer: winners[0], agreement: best / annotations.length };
}

/** A triplet ready for training: the odd one out (by majority) is the negative. */
export interface FecTriplet {
  readonly anchor: FecFace;
  readonly positive: FecFace;
  readonly negative: FecFace;
  readonly type: TripletType;
  /** Share of annotators who agreed with the majority answer. */
  readonly agreement: number;
  /** Line of the CSV it came from. */
  readonly line: number;
}

/**
 * Turns a row into a triplet by its majority answer: the image named most different becomes
 * the negative, the other two (in file order) anchor and positive. `undefined` when there is no
 * majority.
 *
 * @example
 * ```ts
 * declare const rows: FecRow[]; // from parseFecCsv
 * const triplets = rows.map(fecTriplet).filter((t) => t !== undefined);
 * ```
 */
export function fecTriplet(row: FecRow): FecTriplet | undefined {
  assertObject(row, 'row');
  assertArray(row.faces, 'row.faces');
  assertArray(row.annotations, 'row.annotations');
  const majority = majorityAnswer(row.annotations);
  if (majority === undefined) return undefined;
  const others = row.faces.filter((_, i) => i !== majority.answer - 1);
  return {
    anchor: others[0],
    positive: others[1],
    negative: row.faces[majority.answer - 1],
    type: row.type,
    agreement: majority.agreement,
    line: row.line,
  };
}
