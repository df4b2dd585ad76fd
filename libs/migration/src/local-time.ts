/**
 * Wall-clock times an export wrote without a zone, read as the instants they were in the source
 * instance's zone (an IANA name, given by whoever runs the import: the file does not say it).
 *
 * Around a daylight-saving change a wall time may not exist (clocks jumped over it) or exist twice
 * (clocks went back). The rule, as RFC 5545 and Temporal's "compatible" choose it: a skipped time
 * is read after the jump (02:30 on a spring-forward night is 03:30 summer time), and a repeated
 * time is the earlier of the two.
 */
export const DATE_FORMATS = ['dd-mm-yyyy hh:mm', 'yyyy-mm-dd hh:mm:ss', 'mm-dd-yyyy hh:mm'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const PATTERNS: Record<DateFormat, { regex: RegExp; order: readonly ('d' | 'm' | 'y' | 'h' | 'i' | 's')[] }> = {
  'dd-mm-yyyy hh:mm': { regex: /^(\d{1,2})[-/](\d{1,2})[-/](\d{4}) (\d{1,2}):(\d{2})$/, order: ['d', 'm', 'y', 'h', 'i'] },
  'mm-dd-yyyy hh:mm': { regex: /^(\d{1,2})[-/](\d{1,2})[-/](\d{4}) (\d{1,2}):(\d{2})$/, order: ['m', 'd', 'y', 'h', 'i'] },
  'yyyy-mm-dd hh:mm:ss': { regex: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, order: ['y', 'm', 'd', 'h', 'i', 's'] },
};

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A reader of one format in one zone; null for a text that is not such a time (or not a real date). */
export function localTimeReader(format: DateFormat, timeZone: string): (text: string) => string | null {
  const { regex, order } = PATTERNS[format];
  const offsetAt = zoneOffsets(timeZone);
  // Exports repeat the same times on every version of an incident: read each once (bounded).
  const known = new Map<string, string | null>();
  return (text) => {
    let instant = known.get(text);
    if (instant === undefined) {
      if (known.size >= 10_000) known.clear();
      instant = read(text);
      known.set(text, instant);
    }
    return instant;
  };

  function read(text: string): string | null {
    const match = regex.exec(text);
    if (match === null) return null;
    const part = { d: 0, m: 0, y: 0, h: 0, i: 0, s: 0 };
    order.forEach((key, index) => (part[key] = Number(match[index + 1])));
    const wall = Date.UTC(part.y, part.m - 1, part.d, part.h, part.i, part.s);
    const check = new Date(wall);
    if (check.getUTCDate() !== part.d || check.getUTCMonth() !== part.m - 1 || part.h > 23 || part.i > 59 || part.s > 59) return null;
    // The offset before the wall time, then after it: equal unless a change lies between.
    const before = offsetAt(wall - 86_400_000);
    const after = offsetAt(wall + 86_400_000);
    const candidates = [wall - before, wall - after].filter((instant) => wall === instant + offsetAt(instant));
    // Two candidates: the time repeats, take the earlier. None: it was skipped, read it after the jump.
    const instant = candidates.length > 0 ? Math.min(...candidates) : wall - before;
    return new Date(instant).toISOString();
  }
}

/** The zone's offset from UTC in milliseconds at an instant. */
function zoneOffsets(timeZone: string): (instant: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return (instant) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
    const asUtc = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
    return asUtc - Math.floor(instant / 1000) * 1000;
  };
}
