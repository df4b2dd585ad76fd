import { instantOfWallTime } from '../shared/zoned-time';

/**
 * When a service desk works: working hours per weekday (several ranges a day), holidays, in one time
 * zone. Business time is the real time that passes inside working hours: a working day that a
 * daylight-saving change shortens counts the hour less, as a person at work would.
 */
export interface WorkingRange {
  /** Wall time `HH:MM`, from 00:00. */
  readonly start: string;
  /** Wall time `HH:MM`, after start; 24:00 is the end of the day. */
  readonly end: string;
}

export interface BusinessCalendar {
  readonly timeZone: string;
  /** Working ranges by weekday, 0 = Sunday … 6 = Saturday, each day's in order and apart. */
  readonly week: readonly (readonly WorkingRange[])[];
  /** Local dates (`YYYY-MM-DD`) without working time. */
  readonly holidays: readonly string[];
}

/** A calendar that works around the clock: business time is calendar time. */
export const ALWAYS_WORKING: BusinessCalendar = { timeZone: 'UTC', week: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]), holidays: [] };

/** How far a search for working time goes before it decides the calendar has none. */
const SEARCH_DAYS = 366 * 10;

interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The working intervals ([start, end) in epoch ms) of the local days from `from`'s on, in order, until `until` (ms) or forever. */
export function* workingIntervals(calendar: BusinessCalendar, fromMs: number, untilMs = Number.POSITIVE_INFINITY): Generator<readonly [number, number]> {
  // The day before `from`'s UTC date: a zone ahead of UTC may still be on it.
  const start = new Date(fromMs - 86_400_000);
  let date: LocalDate = { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1, day: start.getUTCDate() };
  const days = daysOf(calendar);
  for (let walked = 0; walked < SEARCH_DAYS + 2; walked++, date = nextDate(date)) {
    const { dayStart, intervals } = dayOf(calendar, days, date);
    if (dayStart >= untilMs) return;
    for (const [startMs, endMs] of intervals) {
      if (endMs <= fromMs) continue;
      if (startMs >= untilMs) return;
      yield [Math.max(startMs, fromMs), Math.min(endMs, untilMs)];
    }
  }
}

/** A calendar that works every hour of every day: its business time is calendar time, counted without walking the days. */
function aroundTheClock(calendar: BusinessCalendar): boolean {
  return calendar.holidays.length === 0 && calendar.week.length === 7 && calendar.week.every((ranges) => ranges.length === 1 && ranges[0]!.start === '00:00' && ranges[0]!.end === '24:00');
}

/** Business time between two instants, in ms (0 when `to` is not after `from`). */
export function businessMsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  if (aroundTheClock(calendar)) return toMs - fromMs;
  let total = 0;
  for (const [start, end] of workingIntervals(calendar, fromMs, toMs)) total += end - start;
  return total;
}

/**
 * The instant at which `ms` of business time has passed since `from`. A target that runs out at
 * closing time is due at closing time, not at the next opening.
 */
export function addBusinessMs(calendar: BusinessCalendar, fromMs: number, ms: number): number {
  if (ms <= 0) return fromMs;
  if (aroundTheClock(calendar)) return fromMs + ms;
  let remaining = ms;
  for (const [start, end] of workingIntervals(calendar, fromMs)) {
    if (end - start >= remaining) return start + remaining;
    remaining -= end - start;
  }
  throw new RangeError(`The calendar has no working time in ${SEARCH_DAYS} days`);
}

/**
 * A local day's start and working intervals, remembered: they depend only on the calendar's content
 * and the date, and finding them asks the time-zone database five times (Intl, tens of microseconds
 * each), where every due date walks several days and a projection computes thousands. A pure
 * function's memo, bounded: the most recent calendars, each with up to ten years of days.
 */
interface Day {
  readonly dayStart: number;
  readonly intervals: readonly (readonly [number, number])[];
}
const REMEMBERED_CALENDARS = 32;
const REMEMBERED_DAYS = 366 * 10;
const remembered = new Map<string, Map<string, Day>>();
const contentKeys = new WeakMap<BusinessCalendar, string>();

function daysOf(calendar: BusinessCalendar): Map<string, Day> {
  let key = contentKeys.get(calendar);
  if (key === undefined) {
    key = JSON.stringify([calendar.timeZone, calendar.week, calendar.holidays]);
    contentKeys.set(calendar, key);
  }
  let days = remembered.get(key);
  if (days === undefined) {
    if (remembered.size >= REMEMBERED_CALENDARS) remembered.delete(remembered.keys().next().value as string);
    days = new Map();
    remembered.set(key, days);
  }
  return days;
}

function dayOf(calendar: BusinessCalendar, days: Map<string, Day>, date: LocalDate): Day {
  const key = isoDate(date);
  let day = days.get(key);
  if (day === undefined) {
    if (days.size >= REMEMBERED_DAYS) days.clear();
    day = { dayStart: instantOfWallTime(calendar.timeZone, { ...date, hour: 0, minute: 0 }), intervals: intervalsOf(calendar, date) };
    days.set(key, day);
  }
  return day;
}

function intervalsOf(calendar: BusinessCalendar, date: LocalDate): (readonly [number, number])[] {
  if (calendar.holidays.includes(isoDate(date))) return [];
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (calendar.week[weekday] ?? []).flatMap((range) => {
    const start = wallInstant(calendar.timeZone, date, range.start);
    const end = wallInstant(calendar.timeZone, date, range.end);
    return end > start ? [[start, end] as const] : [];
  });
}

function wallInstant(timeZone: string, date: LocalDate, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  if (hour === 24) return instantOfWallTime(timeZone, { ...nextDate(date), hour: 0, minute: 0 });
  return instantOfWallTime(timeZone, { ...date, hour, minute });
}

function nextDate({ year, month, day }: LocalDate): LocalDate {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function isoDate({ year, month, day }: LocalDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
