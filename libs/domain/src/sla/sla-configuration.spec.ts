import { deciderSpec } from '../testing/decider-spec';
import { calendarInForce, policyFor, slaConfigurationDecider, type DefineBusinessCalendar, type DefineSlaPolicy, type SlaConfigurationEvent } from './sla-configuration';

const { given } = deciderSpec(slaConfigurationDecider);
const NOW = '2026-11-30T09:00:00.000Z';
const context = { actor: 'manager.mia', now: NOW };
const office = [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []];

const calendar = (data: Partial<DefineBusinessCalendar['data']> = {}): DefineBusinessCalendar => ({
  type: 'DefineBusinessCalendar',
  data: { name: 'berlin-office', effectiveFrom: NOW, timeZone: 'Europe/Berlin', week: office, holidays: ['2026-12-25'], ...data },
  context,
});
const policy = (data: Partial<DefineSlaPolicy['data']> = {}): DefineSlaPolicy => ({
  type: 'DefineSlaPolicy',
  data: {
    name: 'standard', effectiveFrom: NOW, scope: { assignmentGroup: null, configurationItemId: null },
    targets: [{ priority: 1, response: { minutes: 15, calendar: null }, resolution: { minutes: 240, calendar: 'berlin-office' } }],
    atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'resume', ...data,
  },
  context,
});
const decided = (command: DefineBusinessCalendar | DefineSlaPolicy, history: SlaConfigurationEvent[] = []) => slaConfigurationDecider.decide(command, given(history).state);
const calendarDefined = decided(calendar());

describe('SLA configuration: business calendars and policies, versioned', () => {
  it('defines a calendar as version 1, its holidays sorted, and a later one as version 2', () => {
    expect(calendarDefined).toEqual([{ type: 'BusinessCalendarDefined', data: { name: 'berlin-office', version: 1, effectiveFrom: NOW, timeZone: 'Europe/Berlin', week: office, holidays: ['2026-12-25'] } }]);
    const next = decided(calendar({ effectiveFrom: '2027-01-01T00:00:00Z', holidays: ['2027-12-25', '2027-01-01'] }), [...calendarDefined]);
    expect(next[0]!.data).toMatchObject({ version: 2, effectiveFrom: '2027-01-01T00:00:00.000Z', holidays: ['2027-01-01', '2027-12-25'] });
  });

  it('never takes effect before now, nor before a version already defined', () => {
    expect(() => decided(calendar({ effectiveFrom: '2026-11-01T00:00:00Z' }))).toThrow(expect.objectContaining({ code: 'sla.retroactive' }));
    expect(() => decided(calendar({ effectiveFrom: NOW }), [...calendarDefined])).toThrow(expect.objectContaining({ code: 'sla.out_of_order' }));
  });

  it.each([
    [{ timeZone: 'Europe/Berln' }, 'timeZone'],
    [{ week: office.slice(0, 6) }, 'week'],
    [{ week: Array.from({ length: 7 }, () => []) }, 'week'],
    [{ week: [[], [{ start: '9:00', end: '17:00' }], [], [], [], [], []] }, 'week[1][0].start'],
    [{ week: [[], [{ start: '09:00', end: '08:00' }], [], [], [], [], []] }, 'week[1][0]'],
    [{ week: [[], [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }], [], [], [], [], []] }, 'week[1][1]'],
    [{ holidays: ['2026-02-30x'] }, 'holidays[0]'],
    [{ name: 'Berlin Office' }, 'name'],
  ])('refuses a calendar with %j, naming %s', (change, field) => {
    expect(() => decided(calendar(change as Partial<DefineBusinessCalendar['data']>))).toThrow(expect.objectContaining({ code: 'sla.invalid_field', details: expect.objectContaining({ field }) }));
  });

  it('defines a policy that names a calendar in force, and refuses one that names none', () => {
    expect(decided(policy(), [...calendarDefined])[0]!.data).toMatchObject({ name: 'standard', version: 1, targets: [{ priority: 1, resolution: { minutes: 240, calendar: 'berlin-office' } }] });
    expect(() => decided(policy())).toThrow(expect.objectContaining({ code: 'sla.unknown_calendar', details: expect.objectContaining({ field: 'targets[0].resolution.calendar' }) }));
  });

  it.each([
    [{ targets: [] }, 'targets'],
    [{ targets: [{ priority: 6, response: { minutes: 15, calendar: null }, resolution: { minutes: 60, calendar: null } }] }, 'targets[0].priority'],
    [{ targets: [{ priority: 1, response: { minutes: 0, calendar: null }, resolution: { minutes: 60, calendar: null } }] }, 'targets[0].response.minutes'],
    [{ atRiskPercent: 100 }, 'atRiskPercent'],
    [{ pausingHoldReasons: ['coffee'] }, 'pausingHoldReasons[0]'],
    [{ onReopen: 'sometimes' }, 'onReopen'],
  ])('refuses a policy with %j, naming %s', (change, field) => {
    expect(() => decided(policy(change as Partial<DefineSlaPolicy['data']>), [...calendarDefined])).toThrow(expect.objectContaining({ code: 'sla.invalid_field', details: expect.objectContaining({ field }) }));
  });

  it('measures an incident by the most specific policy in force when its SLA starts, and by none before', () => {
    const history = [...calendarDefined, ...decided(policy(), [...calendarDefined])];
    const forGroup = decided(policy({ name: 'network', scope: { assignmentGroup: 'network', configurationItemId: null }, effectiveFrom: '2026-12-01T00:00:00Z' }), history);
    const all = [...history, ...forGroup];
    const { state } = given(all);
    const incident = { priority: 1 as const, assignmentGroup: 'network', configurationItemId: null };
    expect(policyFor(state, incident, '2026-11-30T12:00:00Z')?.name).toBe('standard');
    expect(policyFor(state, incident, '2026-12-02T12:00:00Z')?.name).toBe('network');
    expect(policyFor(state, { ...incident, assignmentGroup: 'desk' }, '2026-12-02T12:00:00Z')?.name).toBe('standard');
    expect(policyFor(state, { ...incident, priority: 3 }, '2026-12-02T12:00:00Z')).toBeNull();
    expect(policyFor(state, incident, '2026-11-01T00:00:00Z')).toBeNull();
    expect(calendarInForce(state, 'berlin-office', '2026-11-29T00:00:00Z')).toBeNull();
  });
});

describe('SLA configuration refuses what a user would mistype (issue 11 review)', () => {
  const context = { actor: 'mia', now: '2026-11-30T09:00:00.000Z' };
  const week = [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []];
  it('a holiday that does not exist (30 February), naming it', () => {
    const command = { type: 'DefineBusinessCalendar', data: { name: 'office', effectiveFrom: context.now, timeZone: 'Europe/Berlin', week, holidays: ['2026-02-28', '2026-02-30'] }, context } as const;
    expect(() => slaConfigurationDecider.decide(command, slaConfigurationDecider.initialState)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'holidays[1]' }) }));
  });
  it('a scope key it does not know, which would have made the policy measure every incident', () => {
    const targets = [{ priority: 1, response: { minutes: 15, calendar: null }, resolution: { minutes: 60, calendar: null } }];
    const command = { type: 'DefineSlaPolicy', data: { name: 'network', effectiveFrom: context.now, scope: { group: 'network' }, targets, atRiskPercent: 75, pausingHoldReasons: [], onReopen: 'resume' }, context } as never;
    expect(() => slaConfigurationDecider.decide(command, slaConfigurationDecider.initialState)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'scope.group' }) }));
  });
});
