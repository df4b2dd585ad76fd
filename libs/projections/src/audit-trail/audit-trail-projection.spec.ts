import { blackoutWindowStream, changeStream, ciNameStream, configurationItemStream, incidentStream, personalDataErasureStream, projectionControlStream, recordNumberCounterStream, recordNumberStream } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import { IDEMPOTENCY_STREAM_PREFIX as WRITE_PATH_IDEMPOTENCY_PREFIX, idempotencyStream } from '@itsm/write-path';
import { IMPORT_RUNS_STREAM as MIGRATION_IMPORT_RUNS_STREAM } from '@itsm/migration';
import { estateHistory } from '../testing/estate-history';
import { incidentHistory } from '../testing/incident-history';
import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { auditTrailProjection, evolveAuditEvent } from './audit-trail-projection';
import { IDEMPOTENCY_STREAM_PREFIX, IMPORT_RUNS_STREAM, KNOWN_STREAM_TYPE_NAMES, streamTypeOf } from './stream-types';

const trailAfter = (events: readonly RecordedEvent[]) => replay(auditTrailProjection, [events]);

describe('audit trail projection', () => {
  it('keeps each event as its own document, keyed by its position, with everything recorded about it', () => {
    const log = new TestEventLog();
    const opened = incidentHistory(log, 'INC1').opened({ title: 'Mail down' }, { actor: 'ann' });
    const note = incidentHistory(log, 'INC1').workNoteAdded('=HYPERLINK("x")', { actor: 'bob', occurredAt: '2024-03-01T09:30:00.000Z' });
    const trail = trailAfter(log.events);
    expect([...trail.keys()]).toEqual([opened.position, note.position]);
    expect(trail.get(note.position)).toEqual({
      id: note.position, _position: note.position, position: note.position,
      occurredAt: '2024-03-01T09:30:00.000Z', recordedAt: '2024-03-01T09:30:00.000Z', actor: 'bob',
      streamType: 'incident', stream: 'incident-INC1', revision: 1, type: 'IncidentWorkNoteAdded',
      eventId: 'event-2', commandType: 'Test', commandId: 'command-2', correlationId: 'correlation-2', causationId: 'command-2',
      schemaVersion: 9, prevHash: null, hash: 'hash-2',
      data: { incidentId: 'INC1', text: '=HYPERLINK("x")' },
    });
    expect(trail.get(opened.position)).toMatchObject({ actor: 'ann', type: 'IncidentOpened', data: opened.data, revision: 0 });
  });

  it('keeps a fact written at an older schema version as written, which its hash covers, though the log reads it in the current shape', () => {
    const log = new TestEventLog();
    const assigned = incidentHistory(log, 'INC1').assigned('network', 'bob');
    const asWritten = { incidentId: 'INC1', assignmentGroup: 'network', assignee: 'bob' };
    const readAsCurrent: RecordedEvent = { ...assigned, metadata: { ...assigned.metadata, schemaVersion: 4 }, storedData: asWritten, upcastTo: 9 };
    expect(trailAfter([readAsCurrent]).get(assigned.position)).toMatchObject({ schemaVersion: 4 });
    expect(trailAfter([readAsCurrent]).get(assigned.position)?.data).toEqual(asWritten);
  });

  it('is fed every event of every stream, types nobody declared included', () => {
    const log = new TestEventLog();
    const unknown = log.record('problem-PRB1', { type: 'ProblemRecorded', data: { title: 'Flaky disks' } });
    const claim = log.record(idempotencyStream('cmd-1'), { type: 'IdempotencyKeyClaimed', data: { commandId: 'cmd-1' } });
    expect(trailAfter(log.events).get(unknown.position)).toMatchObject({ streamType: 'problem', type: 'ProblemRecorded', data: { title: 'Flaky disks' } });
    expect(trailAfter(log.events).get(claim.position)).toMatchObject({ streamType: 'idempotency', stream: 'idempotency-cmd-1' });
    expect(auditTrailProjection.streamPrefixes).toEqual(['']);
  });

  it('keeps a whole estate’s history, one document per event, in log order', () => {
    const { events } = estateHistory();
    const trail = trailAfter(events);
    expect([...trail.values()].map((document) => [document.position, document.stream, document.type])).toEqual(events.map((event) => [event.position, event.stream, event.type]));
    expect(new Set([...trail.values()].map((document) => document.streamType))).toEqual(new Set(['ci-name', 'ci', 'incident', 'change', 'blackout-window', 'problem', 'log-checkpoints']));
  });

  it('reads metadata a field at a time: what an event does not carry is null, never missing', () => {
    const log = new TestEventLog();
    const recorded = log.record('incident-OLD', { type: 'IncidentOpened', data: {} });
    const older = { ...recorded, metadata: { eventId: 'e-1', actor: 'legacy', occurredAt: '2019-01-01T00:00:00.000Z' } } as unknown as RecordedEvent;
    expect(evolveAuditEvent(null, older)).toMatchObject({
      actor: 'legacy', eventId: 'e-1', commandType: null, commandId: null, correlationId: null, causationId: null, schemaVersion: null, prevHash: null, hash: null,
    });
  });

  it('never changes a document once kept: the same event delivered again, at once or later, changes nothing', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    const opened = incident.opened();
    incident.assigned('network', 'ann');
    const once = trailAfter(log.events);
    expect(replay(auditTrailProjection, [[...log.events, opened, ...log.events]])).toEqual(once);
    expect(replay(auditTrailProjection, [[opened]], once)).toEqual(once);
    const kept = once.get(opened.position)!;
    const rewritten = { ...opened, data: { incidentId: 'INC1', title: 'rewritten' }, metadata: { ...opened.metadata, actor: 'mallory' } };
    expect(evolveAuditEvent(kept, rewritten)).toBe(kept);
  });
});

describe('the kind of a stream', () => {
  it.each([
    ['incident-5f0c', 'incident'],
    ['change-5f0c', 'change'],
    ['ci-5f0c', 'ci'],
    ['ci-name-mail server', 'ci-name'],
    ['blackout-window-5f0c', 'blackout-window'],
    ['idempotency-alice:key-1', 'idempotency'],
    ['log-checkpoints', 'log-checkpoints'],
    ['log-integrity', 'log-integrity'],
    ['priority-matrices', 'priority-matrices'],
    ['record-number-INC0010001', 'record-number'],
    ['record-numbers-INC', 'record-number-blocks'],
    ['import-runs', 'import-runs'],
    ['problem-PRB1', 'problem'],
    ['sla-policy-gold', 'sla'],
    ['settings', 'settings'],
    ['-odd', '-odd'],
  ])('of %s is %s', (stream, type) => {
    expect(streamTypeOf(stream)).toBe(type);
  });

  it('is known for every stream the platform’s helpers name', () => {
    const streams = [incidentStream('1'), changeStream('1'), configurationItemStream('1'), ciNameStream('Mail Server'), blackoutWindowStream('1'), idempotencyStream('1'), recordNumberStream('CHG0010001'), recordNumberCounterStream('change'), personalDataErasureStream('1'), projectionControlStream('incident_detail_v8')];
    expect(streams.map(streamTypeOf)).toEqual(['incident', 'change', 'ci', 'ci-name', 'blackout-window', 'idempotency', 'record-number', 'record-number-blocks', 'personal-data-erasure', 'projection-control']);
    expect([...KNOWN_STREAM_TYPE_NAMES].sort()).toEqual(['blackout-window', 'change', 'ci', 'ci-name', 'idempotency', 'import-runs', 'incident', 'log-checkpoints', 'log-integrity', 'personal-data-erasure', 'priority-matrices', 'problem', 'projection-control', 'record-number', 'record-number-blocks']);
    expect(IDEMPOTENCY_STREAM_PREFIX).toBe(WRITE_PATH_IDEMPOTENCY_PREFIX);
    expect(IMPORT_RUNS_STREAM).toBe(MIGRATION_IMPORT_RUNS_STREAM);
  });
});
