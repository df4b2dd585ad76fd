import path from 'node:path';
import { fold, incidentSla, measuredBy, slaConfigurationDecider, type IncidentEvent, type SlaConfigurationEvent } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { importServiceNowIncidents } from '@itsm/migration';

/**
 * The real-world check of issue 11 (docs/sla.md): the ServiceNow sample imported in memory, each
 * incident measured by our SLA arithmetic under a stated policy (a what-if: nothing is recorded), and
 * our verdict on its resolution target compared with the sample's own made_sla on its last version.
 * `node dist/scripts/analysis/sla-made-sla.js [FILE]` prints the table for each policy tried.
 */
const SAMPLE = process.argv[2] ?? path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'servicenow', 'incident-event-log-sample.csv');
const week = (start: string, end: string, days: number[]) => Array.from({ length: 7 }, (_, day) => (days.includes(day) ? [{ start, end }] : []));
const ALWAYS = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];

interface Candidate {
  readonly name: string;
  readonly calendar: { readonly timeZone: string; readonly week: ReturnType<typeof week> };
  /** Resolution minutes for priorities 1–4 (5: as 4). */
  readonly minutes: readonly [number, number, number, number];
  readonly pausing: readonly string[];
}

const CANDIDATES: readonly Candidate[] = [
  { name: 'calendar time: P1 4 h, P2 8 h, P3 24 h, P4 72 h; awaiting caller pauses', calendar: { timeZone: 'UTC', week: week('00:00', '24:00', ALWAYS) }, minutes: [240, 480, 1440, 4320], pausing: ['awaiting_caller'] },
  { name: 'business time Mon–Fri 08:00–18:00 UTC: P1 4 h, P2 8 h, P3 3 d (30 h), P4 5 d (50 h); awaiting caller pauses', calendar: { timeZone: 'UTC', week: week('08:00', '18:00', WEEKDAYS) }, minutes: [240, 480, 1800, 3000], pausing: ['awaiting_caller'] },
  { name: 'calendar time: P1 4 h, P2 8 h, P3 5 d, P4 10 d; nothing pauses', calendar: { timeZone: 'UTC', week: week('00:00', '24:00', ALWAYS) }, minutes: [240, 480, 7200, 14400], pausing: [] },
];

async function main(): Promise<void> {
  const store = new MemoryEventStore();
  await importServiceNowIncidents({ store, file: SAMPLE, instance: 'sample', timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm', importedBy: 'analysis', clock: () => new Date() });
  const byIncident = new Map<string, { revision: number; occurredAt: string; event: IncidentEvent }[]>();
  for (const event of await store.readAll({ max: 1_000_000 })) {
    if (event.type !== 'IncidentVersionImported') continue;
    const facts = byIncident.get(event.stream) ?? [];
    facts.push({ revision: event.revision, occurredAt: event.metadata.occurredAt, event: { type: event.type, data: event.data } as unknown as IncidentEvent });
    byIncident.set(event.stream, facts);
  }
  for (const candidate of CANDIDATES) {
    const configuration = fold(slaConfigurationDecider, [
      { type: 'BusinessCalendarDefined', data: { name: 'service-desk', version: 1, effectiveFrom: '2000-01-01T00:00:00.000Z', holidays: [], ...candidate.calendar } },
      {
        type: 'SlaPolicyDefined',
        data: {
          name: 'what-if', version: 1, effectiveFrom: '2000-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null },
          targets: [1, 2, 3, 4, 5].map((priority) => ({ priority, response: { minutes: 60, calendar: null }, resolution: { minutes: candidate.minutes[Math.min(priority, 4) - 1], calendar: 'service-desk' } })),
          atRiskPercent: 75, pausingHoldReasons: candidate.pausing, onReopen: 'resume',
        },
      },
    ] as unknown as SlaConfigurationEvent[]);
    const outcome = { agree: 0, oursMetTheirsNot: 0, oursBreachedTheirsMet: 0, unmeasured: 0, differWithHolds: 0, differWithReopen: 0 };
    for (const facts of byIncident.values()) {
      const last = facts.at(-1)!.event as Extract<IncidentEvent, { type: 'IncidentVersionImported' }>;
      const theirs = last.data.reading.sourceFields['made_sla'] === 'TRUE';
      const sla = incidentSla(facts, measuredBy(configuration), last.data.reading.openedAt ?? facts.at(-1)!.occurredAt);
      const resolution = sla.steps.filter((step) => step.metric === 'resolution' && step.kind === 'stopped').at(-1);
      if (resolution === undefined) {
        outcome.unmeasured++;
        continue;
      }
      const ours = resolution.met === true;
      if (ours === theirs) {
        outcome.agree++;
        continue;
      }
      if (ours) outcome.oursMetTheirsNot++;
      else outcome.oursBreachedTheirsMet++;
      const readings = facts.map((fact) => (fact.event as Extract<IncidentEvent, { type: 'IncidentVersionImported' }>).data.reading);
      if (readings.some((reading) => reading.status === 'on_hold')) outcome.differWithHolds++;
      if (readings.at(-1)!.reopenCount > 0) outcome.differWithReopen++;
    }
    const measured = byIncident.size - outcome.unmeasured;
    console.log(JSON.stringify({ policy: candidate.name, incidents: byIncident.size, measured, agreementPercent: Math.round((1000 * outcome.agree) / measured) / 10, ...outcome }));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
