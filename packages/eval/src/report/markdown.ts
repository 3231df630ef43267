import { FreeAvatarError } from '@freeavatar/core';
import { fixedFormatFor } from '../format.js';

/** One metric column of a results table. */
export interface MetricColumn {
  /** The key of the value in each row's `values`. */
  readonly key: string;
  /** Header text. Default: the key. */
  readonly label?: string;
  /** Fixed decimals. Default: chosen from the column's largest magnitude (see `formatValue`). */
  readonly digits?: number;
  /** Write `value * 100` followed by `%`. Default false. */
  readonly percent?: boolean;
  /** Which way is better; the best value is bold and the header gets ↑ or ↓. */
  readonly better?: 'higher' | 'lower';
  /** Custom formatting; overrides `digits` and `percent`. */
  readonly format?: (value: number) => string;
}

/** One method's results; a missing or `null` value prints as the `missing` text. */
export interface ResultRow {
  readonly method: string;
  readonly values: Readonly<Record<string, number | null | undefined>>;
}

/** Options of {@link markdownTable}. */
export interface MarkdownTableOptions {
  /** Header of the first column. Default `'method'`. */
  readonly methodHeader?: string;
  /** Bold the best value of columns that say which way is better. Default true. */
  readonly highlightBest?: boolean;
  /** Text for missing values. Default `'—'`. */
  readonly missing?: string;
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A GitHub-flavoured Markdown results table: one row per method, one column per metric,
 * numbers right-aligned with the same decimals down each column, and the best value of each
 * column that has a direction in bold.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on no rows or columns, duplicate column keys, or a
 *   value that is not a finite number, `null` or missing.
 * @example
 * ```ts
 * markdownTable(
 *   [
 *     { method: 'ours', values: { acc: 0.862, mae: 0.041 } },
 *     { method: 'face mesh', values: { acc: 0.713, mae: 0.102 } },
 *   ],
 *   [
 *     { key: 'acc', label: 'triplet acc.', percent: true, digits: 1, better: 'higher' },
 *     { key: 'mae', label: 'rig MAE', better: 'lower' },
 *   ],
 * );
 * // | method    | triplet acc. ↑ | rig MAE ↓ |
 * // | :-------- | -------------: | --------: |
 * // | ours      |      **86.2%** | **0.041** |
 * // | face mesh |          71.3% |     0.102 |
 * ```
 */
export function markdownTable(
  rows: readonly ResultRow[],
  columns: readonly (MetricColumn | string)[],
  options: MarkdownTableOptions = {},
): string {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'rows must be a non-empty list of {method, values}',
    );
  }
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'columns must be a non-empty list of metric keys or columns',
    );
  }
  const cols: MetricColumn[] = columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const seen = new Set<string>();
  for (const c of cols) {
    if (typeof c?.key !== 'string') {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `every column needs a string key, got ${JSON.stringify(c)}`,
      );
    }
    if (seen.has(c.key))
      throw new FreeAvatarError('INVALID_ARGUMENT', `column key '${c.key}' appears twice`);
    seen.add(c.key);
    if (
      c.digits !== undefined &&
      !(Number.isInteger(c.digits) && c.digits >= 0 && c.digits <= 12)
    ) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `column '${c.key}': digits must be an integer in [0, 12], got ${c.digits}`,
      );
    }
  }
  const missing = options.missing ?? '—';
  const highlight = options.highlightBest ?? true;

  const body: string[][] = rows.map((r) => [escapeCell(String(r?.method))]);
  const header = [escapeCell(options.methodHeader ?? 'method')];
  for (const col of cols) {
    const values = rows.map((r, i) => {
      const v = r?.values?.[col.key];
      if (v === null || v === undefined) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `rows[${i}] ('${r.method}') value of '${col.key}' must be a finite number or null, got ${String(v)}`,
        );
      }
      return v;
    });
    const present = values.filter((v): v is number => v !== null);
    const fmt = columnFormat(col, present);
    const best =
      highlight && col.better && present.length > 1
        ? col.better === 'higher'
          ? Math.max(...present)
          : Math.min(...present)
        : null;
    values.forEach((v, i) => {
      if (v === null) body[i].push(missing);
      else body[i].push(best !== null && fmt(v) === fmt(best) ? `**${fmt(v)}**` : fmt(v));
    });
    const arrow = col.better === 'higher' ? ' ↑' : col.better === 'lower' ? ' ↓' : '';
    header.push(escapeCell(col.label ?? col.key) + arrow);
  }
  const widths = header.map((h, c) => Math.max(3, h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n') + '\n';
}

function columnFormat(col: MetricColumn, values: number[]): (v: number) => string {
  if (col.format) return col.format;
  const scale = col.percent ? 100 : 1;
  const suffix = col.percent ? '%' : '';
  if (col.digits !== undefined) {
    const d = col.digits;
    return (v) => `${(v * scale).toFixed(d)}${suffix}`;
  }
  const auto = fixedFormatFor(values.map((v) => v * scale));
  return (v) => `${auto(v * scale)}${suffix}`;
}
