import { instantOfWallTime, isTimeZone } from '@itsm/domain';

/**
 * Wall-clock times an export wrote without a zone, read as the instants they were in the source
 * instance's zone (an IANA name, given by whoever runs the import: the file does not say it). Skipped
 * and repeated times around a daylight-saving change follow the domain's rule (zoned-time.ts).
 */
export { isTimeZone };
export const DATE_FORMATS = ['dd-mm-yyyy hh:mm', 'yyyy-mm-dd hh:mm:ss', 'mm-dd-yyyy hh:mm'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const PATTERNS: Record<DateFormat, { regex: RegExp; order: readonly ('d' | 'm' | 'y' | 'h' | 'i' | 's')[] }> = {
  'dd-mm-yyyy hh:mm': { regex: /^(\d{1,2})[-/](\d{1,2})[-/](\d{4}) (\d{1,2}):(\d{2})$/, order: ['d', 'm', 'y', 'h', 'i'] },
  'mm-dd-yyyy hh:mm': { regex: /^(\d{1,2})[-/](\d{1,2})[-/](\d{4}) (\d{1,2}):(\d{2})$/, order: ['m', 'd', 'y', 'h', 'i'] },
  'yyyy-mm-dd hh:mm:ss': { regex: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, order: ['y', 'm', 'd', 'h', 'i', 's'] },
};

/** A reader of one format in one zone; null for a text that is not such a time (or not a real date). */
export function localTimeReader(format: DateFormat, timeZone: string): (text: string) => string | null {
  const { regex, order } = PATTERNS[format];
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
    const instant = instantOfWallTime(timeZone, { year: part.y, month: part.m, day: part.d, hour: part.h, minute: part.i, second: part.s });
    return new Date(instant).toISOString();
  }
}
