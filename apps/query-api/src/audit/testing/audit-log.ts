import type { RecordedEvent } from '@itsm/event-store';
import { openReadStore, type Role } from '@itsm/platform';
import { auditTrailProjection, projectEvents, projectionKey } from '@itsm/projections';
import { TestEventLog } from '../../../../../libs/projections/src/testing/test-event-log';
import type { InProcessApp } from '../../../../../test/support/in-process-app';

/**
 * Six events a minute apart from 09:00 on 2026-03-01, positions 1 to 6, across six kinds of stream,
 * with what a spreadsheet would run as a formula (an actor), and quotes, commas and a line break in data.
 */
export function auditLog(): readonly RecordedEvent[] {
  const log = new TestEventLog({ startAt: '2026-03-01T09:00:00.000Z' });
  log.record('incident-I1', { type: 'IncidentOpened', data: { incidentId: 'I1', title: 'Mail, "urgent"\nsecond line' } }, { actor: 'ann' });
  log.record('change-C1', { type: 'ChangeRaised', data: { changeId: 'C1', title: '-1+1' } }, { actor: 'bob' });
  log.record('incident-I1', { type: 'IncidentWorkNoteAdded', data: { incidentId: 'I1', text: '@SUM(A1)' } }, { actor: '=HYPERLINK("http://evil")' });
  log.record('ci-name-mail', { type: 'CiNameReserved', data: { normalisedName: 'mail', name: 'Mail', ciId: 'CI1' } }, { actor: 'ann' });
  log.record('idempotency-bob:k1', { type: 'IdempotencyKeyClaimed', data: { commandId: 'k1' } }, { actor: 'bob' });
  log.record('problem-P1', { type: 'ProblemRecorded', data: { title: 'Flaky disks' } }, { actor: 'carl' });
  return log.events;
}

/** Lands the audit trail of `events` in the app's read store as the projector would, checkpoint at the last event. */
export async function projectAuditTrail(api: InProcessApp, events: readonly RecordedEvent[]): Promise<void> {
  const reads = await openReadStore(api.config, 'read-write');
  try {
    const documents = projectEvents(auditTrailProjection, events, new Map());
    const checkpoint = events.at(-1)?.position ?? '';
    await reads.applyBatch(projectionKey(auditTrailProjection), documents.map((document) => ({ collection: auditTrailProjection.collection.name, document })), checkpoint);
  } finally {
    await reads.close();
  }
}

/** A GET with Fastify's inject, the body left as text (a JSON-lines body is not one JSON document). */
export async function getText(api: InProcessApp, url: string, role: Role = 'auditor', headers: Record<string, string> = {}) {
  const answer = await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers: { authorization: `Bearer ${api.token(`someone-${role}`, role)}`, ...headers } });
  return { status: answer.statusCode, headers: answer.headers, text: answer.body };
}
