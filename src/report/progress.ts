/**
 * A progress line on stderr for long runs: `sqlwarden: extracting 532/2000 files`.
 * Redrawn in place at most every `intervalMs`, cleared by done(). Silent (every
 * method a no-op) when the stream is not a TTY or the CI variable is set, so
 * machine output, logs and pipes never see it.
 */

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Defaults to process.stderr. */
  stream?: ProgressStream;
  /** Defaults to process.env; CI (any non-empty value but "false"/"0") silences the reporter. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Minimum time between redraws (default 100 ms). */
  intervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Force on or off regardless of TTY and CI (e.g. a --no-progress flag). */
  enabled?: boolean;
}

export interface Progress {
  readonly enabled: boolean;
  /** Begins a phase: `label` (e.g. "extracting") over `total` units of `unit` (default "files"). */
  start(label: string, total: number, unit?: string): void;
  /** `count` more units done (default 1). */
  tick(count?: number): void;
  /** Clears the line. Safe to call more than once. */
  done(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

export function progressEnabled(stream: ProgressStream, env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return stream.isTTY === true;
}

const SILENT: Progress = { enabled: false, start() {}, tick() {}, done() {} };

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? progressEnabled(stream, options.env ?? process.env);
  if (!enabled) return SILENT;
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? (() => performance.now());
  let label = '';
  let unit = 'files';
  let total = 0;
  let doneCount = 0;
  let lastDraw = -Infinity;
  let shown = false;

  const draw = () => {
    const text = `sqlwarden: ${label} ${doneCount}/${total} ${unit}`;
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : 0;
    stream.write(`${CLEAR_LINE}${width && text.length > width ? text.slice(0, width) : text}`);
    shown = true;
    lastDraw = now();
  };

  return {
    enabled: true,
    start(nextLabel, nextTotal, nextUnit = 'files') {
      label = nextLabel;
      total = Math.max(0, nextTotal);
      unit = nextUnit;
      doneCount = 0;
      lastDraw = -Infinity;
      draw();
    },
    tick(count = 1) {
      doneCount = Math.min(total, doneCount + count);
      if (now() - lastDraw >= interval) draw();
    },
    done() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
