import fc from 'fast-check';
import { businessMsBetween, type BusinessCalendar } from './business-calendar';
import { dueAt, elapsedAt, markAt, pauseSlaClock, remainingAt, resumeSlaClock, retargetSlaClock, slaMet, startSlaClock, stopSlaClock } from './sla-clock';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const weekdays = [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []];
/** Mon–Fri 09:00–17:00 in Berlin (UTC+1 in winter), Christmas Day off. 30 Nov 2026 is a Monday. */
const BERLIN: BusinessCalendar = { timeZone: 'Europe/Berlin', week: weekdays, holidays: ['2026-12-25'] };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('An SLA clock, computed by hand', () => {
  it('runs to a due date in business time: 8 h from Mon 10:00 is Tue 10:00', () => {
    const clock = startSlaClock(BERLIN, 8 * HOUR, at('2026-11-30T09:00:00Z'));
    expect(iso(dueAt(clock))).toBe('2026-12-01T09:00:00.000Z');
    // At risk at 75 %: 6 h used, Mon 10:00–16:00 local.
    expect(iso(markAt(clock, 0.75))).toBe('2026-11-30T15:00:00.000Z');
  });

  it('is pushed back by exactly the business time paused: paused Mon 11:00–13:30, due Tue 12:30', () => {
    let clock = startSlaClock(BERLIN, 8 * HOUR, at('2026-11-30T09:00:00Z'));
    clock = pauseSlaClock(clock, at('2026-11-30T10:00:00Z'));
    expect(dueAt(clock)).toBeNull();
    clock = resumeSlaClock(clock, at('2026-11-30T12:30:00Z'));
    expect(clock.pausedMs).toBe(2.5 * HOUR);
    expect(iso(dueAt(clock))).toBe('2026-12-01T11:30:00.000Z');
  });

  it('counts a holiday inside a pause as no time: paused Thu 24 Dec 16:00 to Mon 28 Dec 10:00 is 2 h', () => {
    let clock = startSlaClock(BERLIN, 4 * HOUR, at('2026-12-24T12:00:00Z')); // Thu 13:00 local
    clock = pauseSlaClock(clock, at('2026-12-24T15:00:00Z')); // Thu 16:00, 3 h used
    clock = resumeSlaClock(clock, at('2026-12-28T09:00:00Z')); // Mon 10:00
    expect(clock.pausedMs).toBe(2 * HOUR);
    expect(iso(dueAt(clock))).toBe('2026-12-28T10:00:00.000Z'); // 1 h left: Mon 11:00
  });

  it('is not moved by a pause that starts and ends outside working hours: Fri 18:00 to Sat 12:00', () => {
    let clock = startSlaClock(BERLIN, 8 * HOUR, at('2026-12-04T13:00:00Z')); // Fri 14:00: 3 h Friday, 5 h Monday
    const before = dueAt(clock);
    clock = pauseSlaClock(clock, at('2026-12-04T17:00:00Z'));
    clock = resumeSlaClock(clock, at('2026-12-05T11:00:00Z'));
    expect([clock.pausedMs, iso(dueAt(clock))]).toEqual([0, iso(before)]);
    expect(iso(before)).toBe('2026-12-07T13:00:00.000Z'); // Mon 14:00 local
  });

  it('keeps the time elapsed when the target changes (reprioritisation, as ServiceNow’s retroactive start)', () => {
    let clock = startSlaClock(BERLIN, 24 * HOUR, at('2026-11-30T08:00:00Z')); // Mon 09:00, P3
    clock = retargetSlaClock(clock, 4 * HOUR, at('2026-11-30T10:00:00Z')); // Mon 11:00, raised to P1: 2 h used
    expect(iso(dueAt(clock))).toBe('2026-11-30T12:00:00.000Z'); // 2 h left: Mon 13:00 local
    expect(remainingAt(clock, at('2026-11-30T10:00:00Z'))).toBe(2 * HOUR);
  });

  it('is met or breached when it stops, and a stopped clock no longer moves', () => {
    const clock = startSlaClock(BERLIN, HOUR, at('2026-11-30T08:00:00Z'));
    expect(slaMet(stopSlaClock(clock, at('2026-11-30T09:00:00Z')))).toBe(true); // exactly at the target: met
    const late = stopSlaClock(clock, at('2026-11-30T09:01:00Z'));
    expect([slaMet(late), late.elapsedMs, elapsedAt(late, at('2027-01-01T00:00:00Z'))]).toEqual([false, HOUR + MINUTE, HOUR + MINUTE]);
  });

  it('adds up while running: elapsed time plus the business time to the due date is the target (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 80 * HOUR }),
        fc.array(fc.integer({ min: 1, max: 30 * HOUR }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (start, target, gaps, share) => {
          // Alternate pauses and resumes after each gap, then look at a moment before the due date.
          let clock = startSlaClock(BERLIN, target, start);
          let now = start;
          for (const [index, gap] of gaps.entries()) {
            now += gap;
            clock = index % 2 === 0 ? pauseSlaClock(clock, now) : resumeSlaClock(clock, now);
          }
          clock = resumeSlaClock(clock, now);
          // Breached already (the time ran out between the pauses): there is nothing left to add up.
          if (remainingAt(clock, now) <= 0) return true;
          const due = dueAt(clock)!;
          const moment = now + Math.floor(((due - now) * share) / 1000);
          // The due date is computed once, from the last change; the business time from any moment to it is what remains.
          return elapsedAt(clock, moment) + businessMsBetween(BERLIN, moment, due) === target;
        },
      ),
      { seed: 20261130, numRuns: 200 },
    );
  });
});
