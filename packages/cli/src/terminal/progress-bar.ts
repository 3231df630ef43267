import cliProgress from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '@freeavatar/core';

/** A progress display for one or more tasks; call `stop()` when the job ends. */
export interface ProgressBar {
  readonly onProgress: ProgressCallback;
  stop(): void;
}

function formatMetrics(metrics: ProgressEvent['metrics']): string {
  if (!metrics) return '';
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)}`)
    .join('  ');
}

/**
 * Renders {@link ProgressEvent}s as terminal progress bars (one per task), with the rate and any
 * live metrics. On a non-TTY stream it prints a line every few seconds instead, so logs stay
 * readable in CI.
 *
 * @example
 * ```ts
 * const bar = createProgressBar();
 * await runEmbed({ inputs: ['clip.mp4'], out: 'out/clip.jsonl', onProgress: bar.onProgress });
 * bar.stop();
 * ```
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: ' {task} |{bar}| {value}/{total} {unit}  {rate}/s  {metrics}',
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
  const created = Date.now();
  let stopped = false;
  const onProgress: ProgressCallback = (event) => {
    let entry = bars.get(event.task);
    if (!entry) {
      entry = {
        bar: multibar.create(event.total ?? 0, 0),
        started: bars.size === 0 ? created : Date.now(),
      };
      bars.set(event.task, entry);
    }
    const seconds = Math.max(1e-3, (Date.now() - entry.started) / 1000);
    if (event.total !== undefined) entry.bar.setTotal(event.total);
    entry.bar.update(event.done, {
      task: event.task,
      unit: event.unit ?? '',
      rate: (event.done / seconds).toFixed(1),
      metrics: event.message ?? formatMetrics(event.metrics),
    });
  };
  return {
    onProgress,
    stop: () => {
      if (stopped) return;
      stopped = true;
      multibar.stop();
    },
  };
}
