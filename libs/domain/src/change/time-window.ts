/**
 * A span of time as two ISO-8601 instants, half-open: [start, end). Half-open so that a window
 * ending at 02:00 and one starting at 02:00 follow each other without overlapping.
 */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

// A zone is required: without one, Date.parse reads local time, and replay on another machine would differ.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined for anything that is not an ISO-8601 instant with a zone. */
export function instantMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The window in canonical form (UTC, milliseconds), or undefined when it is malformed or does not end
 * after it starts. Canonical, so that the same window always hashes and compares the same.
 */
export function normalizeWindow(window: unknown): TimeWindow | undefined {
  if (window === null || typeof window !== 'object') return undefined;
  const { start, end } = window as Partial<Record<'start' | 'end', unknown>>;
  const startMs = instantMs(start);
  const endMs = instantMs(end);
  if (startMs === undefined || endMs === undefined || endMs <= startMs) return undefined;
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  return ms(a.start) < ms(b.end) && ms(b.start) < ms(a.end);
}

export function windowContains(outer: TimeWindow, inner: TimeWindow): boolean {
  return ms(outer.start) <= ms(inner.start) && ms(inner.end) <= ms(outer.end);
}

export function windowIncludes(window: TimeWindow, instant: string): boolean {
  const at = ms(instant);
  return ms(window.start) <= at && at < ms(window.end);
}

/** For windows already normalized (recorded facts): an unparsable instant sorts as NaN and overlaps nothing. */
function ms(instant: string): number {
  return instantMs(instant) ?? Number.NaN;
}
