/**
 * Wall-clock times in an IANA time zone, as instants, and back: for business calendars (working hours
 * are wall times) and for importers (exports write times without a zone). Pure: Intl knows the zones'
 * rules, nothing here reads the clock.
 *
 * Around a daylight-saving change a wall time may not exist (clocks jumped over it) or exist twice
 * (clocks went back). The rule, as RFC 5545 and Temporal's "compatible" choose it: a skipped time is
 * read after the jump (02:30 on a spring-forward night is 03:30 summer time), and a repeated time is
 * the earlier of the two.
 */
export interface WallTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatFor(zone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall time (and weekday, 0 = Sunday) an instant shows in the zone. */
export function wallTimeAt(timeZone: string, instantMs: number): WallTime & { readonly second: number; readonly weekday: number } {
  const parts: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(instantMs)) parts[part.type] = part.value;
  return {
    year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']),
    hour: Number(parts['hour']), minute: Number(parts['minute']), second: Number(parts['second']), weekday: WEEKDAYS[parts['weekday']!]!,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  if (timeZone === 'UTC') return 0;
  const wall = wallTimeAt(timeZone, instantMs);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a wall time names in the zone (see the rule above for skipped and repeated times). */
export function instantOfWallTime(timeZone: string, wall: WallTime): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  if (timeZone === 'UTC') return asUtc;
  // The offsets a day before and after: equal unless a change lies between.
  const before = zoneOffsetMs(timeZone, asUtc - 86_400_000);
  const after = zoneOffsetMs(timeZone, asUtc + 86_400_000);
  const candidates = [asUtc - before, asUtc - after].filter((instant) => asUtc === instant + zoneOffsetMs(timeZone, instant));
  // Two: the time repeats, take the earlier. None: it was skipped, read it after the jump.
  return candidates.length > 0 ? Math.min(...candidates) : asUtc - before;
}
