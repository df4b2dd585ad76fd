import fc from 'fast-check';
import { addBusinessMs, businessMsBetween, type BusinessCalendar } from './business-calendar';

const HOUR = 3_600_000;
const weekdays = (...ranges: { start: string; end: string }[]) => [[], ranges, ranges, ranges, ranges, ranges, []];
/** Mon–Fri 09:00–17:00 in Berlin (UTC+1 in winter, +2 in summer), Christmas Day off. */
const BERLIN: BusinessCalendar = { timeZone: 'Europe/Berlin', week: weekdays({ start: '09:00', end: '17:00' }), holidays: ['2026-12-25'] };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('Business time on a calendar (hand-computed: 30 Nov 2026 is a Monday, Berlin is UTC+1 then)', () => {
  it('carries over the night: Mon 16:00 + 4 h is Tue 12:00 (1 h Monday, 3 h Tuesday)', () => {
    expect(iso(addBusinessMs(BERLIN, at('2026-11-30T15:00:00Z'), 4 * HOUR))).toBe('2026-12-01T11:00:00.000Z');
  });

  it('skips the weekend: Fri 15:00 + 4 h is Mon 11:00', () => {
    expect(iso(addBusinessMs(BERLIN, at('2026-12-04T14:00:00Z'), 4 * HOUR))).toBe('2026-12-07T10:00:00.000Z');
    expect(businessMsBetween(BERLIN, at('2026-12-04T15:00:00Z'), at('2026-12-07T09:00:00Z'))).toBe(2 * HOUR);
  });

  it('skips a holiday: Thu 24 Dec 16:00 + 4 h is Mon 28 Dec 12:00 (Christmas Day, then the weekend)', () => {
    expect(iso(addBusinessMs(BERLIN, at('2026-12-24T15:00:00Z'), 4 * HOUR))).toBe('2026-12-28T11:00:00.000Z');
  });

  it('is due at closing time when the target runs out exactly then, not at the next opening', () => {
    expect(iso(addBusinessMs(BERLIN, at('2026-11-30T12:00:00Z'), 4 * HOUR))).toBe('2026-11-30T16:00:00.000Z');
  });

  it('starts counting at the next opening when started outside working hours: Sat 10:00 + 1 h is Mon 10:00', () => {
    expect(iso(addBusinessMs(BERLIN, at('2026-12-05T09:00:00Z'), HOUR))).toBe('2026-12-07T09:00:00.000Z');
    expect(businessMsBetween(BERLIN, at('2026-12-05T09:00:00Z'), at('2026-12-06T20:00:00Z'))).toBe(0);
  });

  it('counts several ranges a day: 08–12 and 13–17, Mon 11:00 + 3 h is Mon 15:00', () => {
    const lunch: BusinessCalendar = { ...BERLIN, week: weekdays({ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }) };
    expect(iso(addBusinessMs(lunch, at('2026-11-30T10:00:00Z'), 3 * HOUR))).toBe('2026-11-30T14:00:00.000Z');
  });

  it('counts the real time of a working day a daylight-saving change shortens or lengthens', () => {
    // 00:00–06:00 every day: on 29 Mar 2026 02:00 became 03:00 (5 h); on 25 Oct 2026 03:00 became 02:00 (7 h).
    const nights: BusinessCalendar = { timeZone: 'Europe/Berlin', week: Array.from({ length: 7 }, () => [{ start: '00:00', end: '06:00' }]), holidays: [] };
    expect(businessMsBetween(nights, at('2026-03-28T23:00:00Z'), at('2026-03-29T04:00:00Z'))).toBe(5 * HOUR);
    expect(businessMsBetween(nights, at('2026-10-24T22:00:00Z'), at('2026-10-25T05:00:00Z'))).toBe(7 * HOUR);
    expect(iso(addBusinessMs(nights, at('2026-03-28T23:00:00Z'), 5 * HOUR))).toBe('2026-03-29T04:00:00.000Z');
  });

  it('counts a working day of summer time an hour earlier in UTC', () => {
    expect(iso(addBusinessMs(BERLIN, at('2026-07-06T07:00:00Z'), 8 * HOUR))).toBe('2026-07-06T15:00:00.000Z');
  });

  it('adds up: the business time from a start to the due date of a target is the target (property, any start and target)', () => {
    const calendars = [BERLIN, { ...BERLIN, timeZone: 'America/Sao_Paulo', week: weekdays({ start: '08:00', end: '12:00' }, { start: '13:30', end: '18:00' }) }];
    fc.assert(
      fc.property(fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }), fc.integer({ min: 0, max: 300 * HOUR }), fc.constantFrom(...calendars), (start, target, calendar) => {
        const due = addBusinessMs(calendar, start, target);
        return businessMsBetween(calendar, start, due) === target && (target === 0 || businessMsBetween(calendar, start, due - 1) < target);
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it('refuses a target on a calendar without working time, instead of searching forever', () => {
    expect(() => addBusinessMs({ timeZone: 'UTC', week: [[], [], [], [], [], [], []], holidays: [] }, 0, HOUR)).toThrow(RangeError);
  });
});
