import { blackoutWindowStream, changeStream, configurationItemStream, incidentStream, problemStream } from '@itsm/domain';
import { MemoryEventStore, type RecordedEvent } from '@itsm/event-store';
import { MemoryReadStore, type StoredDocument } from '@itsm/read-store';
import { blackoutWindowProjection } from '../blackout-windows/blackout-window-projection';
import { changeRecordProjection } from '../change-records/change-record-projection';
import type { ChangeRecordDocument } from '../change-records/change-record-document';
import { withStandingConflicts } from '../change-records/conflicts-recorded-by-others';
import { conflictMentionsProjection } from '../change-records/conflict-mentions/conflict-mentions-projection';
import { changeHistory } from '../change-records/testing/change-history';
import { configurationItemsProjection } from '../configuration-items/configuration-items-projection';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { incidentDetailProjection } from '../incident-detail/incident-detail-projection';
import { problemRecordProjection } from '../problem-records/problem-record-projection';
import { projectEvents } from '../runner/project-events';
import { projectionKey, type AnyProjection } from '../shared/projection-key';
import { estateHistory } from '../testing/estate-history';
import { incidentHistory } from '../testing/incident-history';
import { appendAll } from '../testing/runner-harness';
import type { TestEventLog } from '../testing/test-event-log';
import { recordAsOf, type AsOfPoint } from './record-as-of';
import { RecordFolds } from './record-folds';
import { RECORD_KINDS, type RecordKindName } from './record-kinds';

/** A window a day later each round, so no schedule looks like the one before it. */
const slot = (round: number) => ({ start: new Date(Date.UTC(2024, 4, 2 + round, 22)).toISOString(), end: new Date(Date.UTC(2024, 4, 3 + round, 1)).toISOString() });
const conflictWith = (changeId: string, round: number) => ({ kind: 'same_ci' as const, changeId, ciId: 'APP', window: slot(round) });

/** The estate, then a long tail: an incident worked for months, a CI changed daily, two changes scheduling over each other. */
function longHistory(): TestEventLog {
  const log = estateHistory();
  const inc = incidentHistory(log, 'INC9');
  const ci = ciHistory(log, 'WEB');
  const [first, second] = [changeHistory(log, 'CHG8'), changeHistory(log, 'CHG9')];
  inc.opened();
  ci.registered();
  first.raised({ affectedCiIds: ['APP'] });
  second.raised({ affectedCiIds: ['APP'] });
  for (const change of [first, second]) {
    change.assessed('low', 1);
    change.approved('carl', 1);
    change.authorized(['carl']);
  }
  for (let round = 0; round < 60; round++) {
    inc.assigned(round % 2 === 0 ? 'network' : 'database', round % 3 === 0 ? null : `agent.${round}`);
    inc.workNoteAdded(`round ${round}`);
    inc.putOnHold(round % 2 === 0 ? 'awaiting_vendor' : 'awaiting_caller', `hold ${round}`);
    inc.resumed();
    inc.reclassified((1 + (round % 3)) as 1 | 2 | 3, 2, (1 + (round % 5)) as 1 | 2 | 3 | 4 | 5, 3);
    ci.attributesUpdated({ build: String(round), ...(round % 4 === 0 ? { os: `linux-${round}` } : {}) }, round % 4 === 2 ? ['os'] : []);
    // Each schedules into the other's window in turn, naming it; then steps clear of it.
    (round % 2 === 0 ? first : second).scheduled(slot(round), [conflictWith(round % 2 === 0 ? 'CHG9' : 'CHG8', round)]);
    if (round % 3 === 0) (round % 2 === 0 ? first : second).record('ChangeScheduled', { window: slot(round + 1), conflicts: [], blackoutOverride: false });
  }
  inc.resolved();
  second.record('ChangeCancelled', { reason: 'superseded' });
  inc.reopened(1);
  inc.resolved();
  inc.closed();
  ci.retired();
  return log;
}

const RECORD_PROJECTIONS: Readonly<Record<RecordKindName, AnyProjection>> = {
  incident: incidentDetailProjection as unknown as AnyProjection,
  change: changeRecordProjection as unknown as AnyProjection,
  ci: configurationItemsProjection as unknown as AnyProjection,
  'blackout-window': blackoutWindowProjection as unknown as AnyProjection,
  problem: problemRecordProjection as unknown as AnyProjection,
};
const PROJECTED = [...Object.values(RECORD_PROJECTIONS), conflictMentionsProjection as unknown as AnyProjection];
const STREAMS: Readonly<Record<RecordKindName, (id: string) => string>> = { incident: incidentStream, change: changeStream, ci: configurationItemStream, 'blackout-window': blackoutWindowStream, problem: problemStream };

/** The read models as the projector leaves them, one event at a time, and what the query API serves of a record. */
class LiveReadModels {
  readonly reads = new MemoryReadStore();
  private readonly documents = new Map<AnyProjection, Map<string, StoredDocument>>(PROJECTED.map((projection) => [projection, new Map()]));

  async start(): Promise<void> {
    for (const projection of PROJECTED) await this.reads.ensureCollection(projection.collection);
  }

  async project(event: RecordedEvent): Promise<void> {
    for (const projection of PROJECTED) {
      const known = this.documents.get(projection) as Map<string, StoredDocument>;
      const changed = projectEvents(projection, [event], known);
      for (const document of changed) known.set(document.id, document);
      await this.reads.applyBatch(projectionKey(projection), changed.map((document) => ({ collection: projection.collection.name, document })), event.position);
    }
  }

  records(): [RecordKindName, string][] {
    return (Object.entries(RECORD_PROJECTIONS) as [RecordKindName, AnyProjection][]).flatMap(([kind, projection]) =>
      [...(this.documents.get(projection) as Map<string, StoredDocument>).keys()].map((id): [RecordKindName, string] => [kind, id]),
    );
  }

  async served(kind: RecordKindName, id: string): Promise<object> {
    const document = this.documents.get(RECORD_PROJECTIONS[kind])?.get(id) as StoredDocument;
    const [record] = kind === 'change' ? await withStandingConflicts(this.reads, [document as ChangeRecordDocument]) : [document];
    const { _position, ...rest } = record as StoredDocument;
    void _position;
    return rest;
  }
}

async function aLongLog() {
  const events = new MemoryEventStore();
  await appendAll(events, longHistory().events);
  return { events, recorded: await events.readAll() };
}

describe('a record as of a revision or an instant, folded from the log', () => {
  it('equals what its read model served right after each event of a long history, for every record, by revision and by instant, asked once the log has moved on', async () => {
    const { events, recorded } = await aLongLog();
    const live = new LiveReadModels();
    await live.start();
    const servedThen: { event: RecordedEvent; kind: RecordKindName; id: string; served: object }[] = [];
    for (const event of recorded) {
      await live.project(event);
      for (const [kind, id] of live.records()) servedThen.push({ event, kind, id, served: await live.served(kind, id) });
    }
    // Asked today: the read models hold everything since, later schedules naming a change included.
    const folds = new RecordFolds(events);
    const asOf = (kind: RecordKindName, id: string, point: AsOfPoint) => recordAsOf(events, live.reads, folds, RECORD_KINDS[kind], id, point);
    let byRevision = 0;
    for (const { event, kind, id, served } of servedThen) {
      const at = { event: event.position, kind, id };
      expect({ ...at, state: await stateOf(asOf(kind, id, { asOf: Date.parse(event.metadata.occurredAt) })) }).toEqual({ ...at, state: served });
      if (event.stream !== STREAMS[kind](id)) continue;
      const atRevision = await asOf(kind, id, { atRevision: event.revision });
      expect({ ...at, state: await stateOf(Promise.resolve(atRevision)) }).toEqual({ ...at, state: served });
      expect(atRevision).toMatchObject({ reflects: { revision: event.revision, position: event.position, occurredAt: event.metadata.occurredAt, recordedAt: event.recordedAt } });
      byRevision++;
    }
    expect(recorded.length).toBeGreaterThan(500);
    expect(byRevision).toBeGreaterThan(450);
    expect(servedThen.length).toBeGreaterThan(7000);
    // The long history exercises what a change shows of others' schedules, standing and then not.
    const shown = servedThen.filter(({ kind, served }) => kind === 'change' && (served as ChangeRecordDocument).conflictsRecordedByOthers.length > 0);
    expect(shown.length).toBeGreaterThan(300);
  });

  it('names the point a change reflects: a later schedule of another change that named it', async () => {
    const { events, recorded } = await aLongLog();
    const live = new LiveReadModels();
    await live.start();
    for (const event of recorded) await live.project(event);
    const namedBy = recorded.filter((event) => event.stream === changeStream('CHG8') && event.type === 'ChangeScheduled').at(-1) as RecordedEvent;
    const answer = await recordAsOf(events, live.reads, new RecordFolds(events), RECORD_KINDS.change, 'CHG9', { asOf: Date.parse(namedBy.metadata.occurredAt) });
    expect(answer).toMatchObject({ reflects: { position: namedBy.position }, state: { id: 'CHG9' } });
    expect((answer as { reflects: { position: string } }).reflects.position).not.toBe(recorded.filter((event) => event.stream === changeStream('CHG9') && event.position < namedBy.position).at(-1)?.position);
  });

  it('says why there is no state: no such record, a revision beyond its last, an instant before it existed', async () => {
    const { events, recorded } = await aLongLog();
    const reads = new MemoryReadStore();
    await reads.ensureCollection(conflictMentionsProjection.collection);
    const folds = new RecordFolds(events);
    const opened = recorded.find((event) => event.stream === incidentStream('INC9')) as RecordedEvent;
    const last = recorded.filter((event) => event.stream === incidentStream('INC9')).at(-1) as RecordedEvent;
    expect(await recordAsOf(events, reads, folds, RECORD_KINDS.incident, 'NOPE', { atRevision: 0 })).toEqual({ missing: 'record' });
    expect(await recordAsOf(events, reads, folds, RECORD_KINDS.incident, 'NOPE', { asOf: Date.now() })).toEqual({ missing: 'record' });
    expect(await recordAsOf(events, reads, folds, RECORD_KINDS.incident, 'INC9', { atRevision: last.revision + 1 })).toEqual({ missing: 'revision', lastRevision: last.revision });
    expect(await recordAsOf(events, reads, folds, RECORD_KINDS.incident, 'INC9', { asOf: Date.parse(opened.metadata.occurredAt) - 1 })).toEqual({ missing: 'not_yet', createdAt: opened.metadata.occurredAt });
    expect(await recordAsOf(events, reads, folds, RECORD_KINDS.incident, 'INC9', { asOf: Date.parse(opened.metadata.occurredAt) })).toMatchObject({ reflects: { revision: 0 } });
  });
});

async function stateOf(answer: ReturnType<typeof recordAsOf>): Promise<unknown> {
  const found = await answer;
  return 'state' in found ? found.state : found;
}
