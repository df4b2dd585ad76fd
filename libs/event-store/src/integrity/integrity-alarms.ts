import { ConcurrencyError, type EventStore, type Json } from '../event-store';
import type { IntegrityBreak } from './integrity-break';
import { appendSystemFact, lastEventOf } from './system-events';

/** Where breaks are raised and cleared: every app reads its last event for /health. */
export const LOG_INTEGRITY_STREAM = 'log-integrity';
export const LOG_INTEGRITY_BREAK_DETECTED = 'LogIntegrityBreakDetected';
/** A whole-log verification passed after a break was raised (e.g. the log was restored): the alarm is cleared. */
export const LOG_INTEGRITY_VERIFIED = 'LogIntegrityVerified';

export type IntegrityStatus =
  | { readonly state: 'intact' }
  | { readonly state: 'broken'; readonly since: string; readonly detectedBy: string; readonly firstBreak: IntegrityBreak };

/** The integrity of the log as last established: broken from a raised alarm until a verification clears it. */
export async function integrityStatus(store: EventStore): Promise<IntegrityStatus> {
  const last = await lastEventOf(store, LOG_INTEGRITY_STREAM);
  if (last === null || last.type !== LOG_INTEGRITY_BREAK_DETECTED) return { state: 'intact' };
  const data = last.data as unknown as { firstBreak: IntegrityBreak };
  return { state: 'broken', since: last.metadata.occurredAt, detectedBy: last.metadata.actor, firstBreak: data.firstBreak };
}

/**
 * Raises the alarm for `found`, unless it is already the raised one. Whoever notices (a command
 * loading its stream, the background verifier) raises it; all of them may, so a repeat is a no-op.
 */
export async function raiseIntegrityAlarm(store: EventStore, found: IntegrityBreak, detectedBy: string, at: Date): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await lastEventOf(store, LOG_INTEGRITY_STREAM);
    if (last?.type === LOG_INTEGRITY_BREAK_DETECTED) {
      const raised = (last.data as unknown as { firstBreak: IntegrityBreak }).firstBreak;
      if (raised.position === found.position && raised.reason === found.reason) return;
    }
    const event = { type: LOG_INTEGRITY_BREAK_DETECTED, data: { firstBreak: found as unknown as Json } };
    const identity = ['break', String(last?.revision ?? -1), found.position, found.reason];
    try {
      await appendSystemFact(store, { stream: LOG_INTEGRITY_STREAM, event, actor: detectedBy, at: at.toISOString(), identity, schemaVersion: 1 }, last);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
}

/** Clears a raised alarm after a whole-log verification passed; nothing to do when none is raised. */
export async function clearIntegrityAlarm(store: EventStore, verified: { eventsChecked: number; checkpointsChecked: number }, detectedBy: string, at: Date): Promise<void> {
  const last = await lastEventOf(store, LOG_INTEGRITY_STREAM);
  if (last === null || last.type !== LOG_INTEGRITY_BREAK_DETECTED) return;
  const event = { type: LOG_INTEGRITY_VERIFIED, data: { eventsChecked: verified.eventsChecked, checkpointsChecked: verified.checkpointsChecked } };
  try {
    await appendSystemFact(store, { stream: LOG_INTEGRITY_STREAM, event, actor: detectedBy, at: at.toISOString(), identity: ['verified', String(last.revision)], schemaVersion: 1 }, last);
  } catch (error) {
    // Someone raised or cleared meanwhile: their word stands until the next verification.
    if (!(error instanceof ConcurrencyError)) throw error;
  }
}
