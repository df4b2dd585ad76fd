import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DefineBusinessCalendar, DefineSlaPolicy } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { importServiceNowIncidents } from '@itsm/migration';
import { slaWhatIf, whatIfConfiguration, type WhatIfIncident, type WhatIfSummary } from './sla-what-if';

jest.setTimeout(30_000);

const SAMPLE = path.resolve(__dirname, '../../../../test/fixtures/servicenow/incident-event-log-sample.csv');
const context = { actor: 'analyst', now: '2026-11-30T00:00:00.000Z' };
const calendar: DefineBusinessCalendar = { type: 'DefineBusinessCalendar', data: { name: 'desk', effectiveFrom: '', timeZone: 'UTC', week: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]), holidays: [] }, context };
const policy = (minutes: number): DefineSlaPolicy => ({
  type: 'DefineSlaPolicy',
  data: {
    name: 'what-if', effectiveFrom: '', scope: { assignmentGroup: null, configurationItemId: null },
    targets: [1, 2, 3, 4, 5].map((priority) => ({ priority: priority as 1, response: { minutes: 60, calendar: null }, resolution: { minutes, calendar: 'desk' } })),
    atRiskPercent: 75, pausingHoldReasons: [], onReopen: 'resume',
  },
  context,
});

async function all(run: AsyncGenerator<WhatIfIncident, WhatIfSummary>): Promise<{ incidents: WhatIfIncident[]; summary: WhatIfSummary }> {
  const incidents: WhatIfIncident[] = [];
  for (;;) {
    const next = await run.next();
    if (next.done) return { incidents, summary: next.value };
    incidents.push(next.value);
  }
}

describe('SLA what-if over the log', () => {
  let store: MemoryEventStore;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-what-if-'));
    const file = path.join(dir, 'slice.csv');
    fs.writeFileSync(file, fs.readFileSync(SAMPLE, 'utf8').split('\r\n').slice(0, 601).join('\r\n'));
    store = new MemoryEventStore();
    await importServiceNowIncidents({ store, file, instance: 'acme', timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm', importedBy: 'analyst', clock: () => new Date() });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('measures the incidents opened in the period under the given policy beside the recorded configuration, recording nothing', async () => {
    const before = (await store.readAll({ max: 100_000 })).length;
    const generous = whatIfConfiguration([calendar, policy(60 * 24 * 365)]);
    const { incidents, summary } = await all(slaWhatIf(store, generous, { from: '2016-01-01T00:00:00Z', to: '2017-01-01T00:00:00Z', now: '2026-11-30T00:00:00Z' }));
    expect(summary.incidents).toBe(incidents.length);
    expect(incidents.length).toBeGreaterThan(50);
    // Nothing is recorded for 2016, so the recorded configuration measures none. A year's target is met
    // by every incident the slice holds to its resolution; the slice's last incident is cut short, still
    // running, and a year late by now.
    const outcomes = incidents.map((incident) => `${incident.recorded}→${incident.whatIf}`);
    expect(outcomes.filter((outcome) => outcome !== 'not_measured→met')).toEqual(['not_measured→breached']);
    expect(outcomes.at(-1)).toBe('not_measured→breached');
    expect(summary).toMatchObject({ unchanged: 0, metToBreached: 0, breachedToMet: 0, otherChanges: incidents.length });
    expect((await store.readAll({ max: 100_000 })).length).toBe(before);
  });

  it('tells met from breached under a tight target, and keeps to the period', async () => {
    const tight = whatIfConfiguration([calendar, policy(1)]);
    const { incidents } = await all(slaWhatIf(store, tight, { from: '2016-02-29T00:00:00Z', to: '2016-02-29T12:00:00Z', now: '2026-11-30T00:00:00Z' }));
    expect(incidents.length).toBeGreaterThan(10);
    // A minute is missed by all but the few whose first exported version is already resolved at its opening time.
    const met = incidents.filter((incident) => incident.whatIf === 'met').length;
    expect(met / incidents.length).toBeLessThan(0.1);
    expect(incidents.filter((incident) => incident.whatIf !== 'met').every((incident) => incident.whatIf === 'breached')).toBe(true);
    expect(incidents.every((incident) => incident.number?.startsWith('INC'))).toBe(true);
  });

  it('checks the policy asked about by the rules of recorded ones', () => {
    expect(() => whatIfConfiguration([policy(60)])).toThrow(expect.objectContaining({ code: 'sla.unknown_calendar' }));
  });
});
