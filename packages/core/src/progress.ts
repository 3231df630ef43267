/**
 * One step of a long job. Jobs call an {@link ProgressCallback} with these; the CLI renders
 * them as progress bars, a browser app can render them however it likes.
 */
export interface ProgressEvent {
  /** What is running, e.g. `'crop'`, `'train:mae'`. */
  readonly task: string;
  /** Units done so far. */
  readonly done: number;
  /** Units in all, when known. */
  readonly total?: number;
  /** The unit, e.g. `'frames'`, `'images'`, `'steps'`. */
  readonly unit?: string;
  /** Live figures to show beside the bar, e.g. `{ loss: 0.12 }`. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** A short human-readable status line. */
  readonly message?: string;
}

/** Receives {@link ProgressEvent}s. Must not throw. */
export type ProgressCallback = (event: ProgressEvent) => void;

/**
 * Wraps a possibly missing callback so jobs can report unconditionally, and so that a callback
 * that throws does not break the job.
 *
 * @example
 * ```ts
 * declare const options: { onProgress?: ProgressCallback };
 * const report = progressReporter(options.onProgress);
 * const n = 10;
 * for (let i = 0; i < n; i++) report({ task: 'crop', done: i + 1, total: n, unit: 'images' });
 * ```
 */
export function progressReporter(callback: ProgressCallback | undefined): ProgressCallback {
  if (!callback) return () => {};
  return (event) => {
    try {
      callback(event);
    } catch {
      // A broken progress display must never stop the job it reports on.
    }
  };
}
