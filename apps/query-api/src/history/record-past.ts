import { Inject, Injectable } from '@nestjs/common';
import { integrityStatus, type EventStore, type IntegrityStatus } from '@itsm/event-store';
import { CHANGE_CONFLICT_MENTIONS_KEY, CI_HISTORY_KEY, ciHistoryFromLog, recordAsOf, RECORD_KINDS, RecordFolds, recordHistory, type HistoryPage, type RecordKindName, type Reflects } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { EVENT_STORE, invalidField, ProblemException, READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { historyPage, type HistoryPageQueryDto } from '../page-query.dto';
import type { RecordQueryDto } from './record-past.dto';

/** The read models a kind's history or past state reads besides the log. */
const READ_MODELS: Readonly<Record<RecordKindName, readonly string[]>> = { incident: [], change: [CHANGE_CONFLICT_MENTIONS_KEY], ci: [CI_HISTORY_KEY], 'blackout-window': [], problem: [] };

/**
 * A ticket's past, from the log: its history a page at a time, and its state at a past instant or
 * revision. Shared by the incident, change, CI, blackout window and problem endpoints, so all answer alike.
 */
@Injectable()
export class RecordPast {
  private readonly folds: RecordFolds;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly consistency: Consistency,
  ) {
    this.folds = new RecordFolds(events);
  }

  /**
   * Every answer says whether the log it was read from is intact as last verified: history and past
   * states serve what the log holds, so during an integrity alarm they may show what was forged.
   */
  async history(kind: RecordKindName, id: string, query: HistoryPageQueryDto): Promise<HistoryPage & { integrity: IntegrityStatus }> {
    await this.wait(kind, query.consistentWith);
    const page = kind === 'ci' ? await ciHistoryFromLog(this.events, this.reads, this.folds, id, historyPage(query)) : await recordHistory(this.events, this.folds, RECORD_KINDS[kind], id, historyPage(query));
    if (page === null) throw notFound(kind, id);
    return { ...page, integrity: await integrityStatus(this.events) };
  }

  /** True when the query asks for a past state rather than the record as it stands. */
  asksForThePast(query: RecordQueryDto): boolean {
    return query.asOf !== undefined || query.atRevision !== undefined;
  }

  async stateAt(kind: RecordKindName, id: string, query: RecordQueryDto): Promise<Record<string, unknown> & { reflects: Reflects & { integrity: IntegrityStatus } }> {
    if (query.asOf !== undefined && query.atRevision !== undefined) throw invalidField('atRevision', 'give either asOf or atRevision, not both');
    const instant = query.asOf === undefined ? null : Date.parse(query.asOf);
    if (instant !== null && Number.isNaN(instant)) throw invalidField('asOf', 'must be an RFC 3339 instant that exists');
    await this.wait(kind, query.consistentWith);
    const answer = await recordAsOf(this.events, this.reads, this.folds, RECORD_KINDS[kind], id, instant === null ? { atRevision: query.atRevision as number } : { asOf: instant });
    if ('state' in answer) return { ...answer.state, reflects: { ...answer.reflects, integrity: await integrityStatus(this.events) } };
    if (answer.missing === 'record') throw notFound(kind, id);
    if (answer.missing === 'revision') throw revisionNotFound(kind, id, query.atRevision as number, answer.lastRevision);
    throw notYetRecorded(kind, id, query.asOf as string, answer.createdAt);
  }

  /** History and past states come from the log; the read models some kinds also read must have caught up. */
  private async wait(kind: RecordKindName, consistentWith: string | undefined): Promise<void> {
    const readModels = READ_MODELS[kind];
    if (readModels.length === 0) await this.consistency.check(consistentWith);
    else await this.consistency.await(readModels, consistentWith);
  }
}

const NAMES: Readonly<Record<RecordKindName, string>> = { incident: 'incident', change: 'change', ci: 'configuration item', 'blackout-window': 'blackout window', problem: 'problem' };

function label(kind: RecordKindName): string {
  const name = NAMES[kind];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function notFound(kind: RecordKindName, id: string): ProblemException {
  return new ProblemException(404, `${RECORD_KINDS[kind].noun}.not_found`, `No ${NAMES[kind]} ${id}`);
}

export function revisionNotFound(kind: RecordKindName, id: string, revision: number, lastRevision: number): ProblemException {
  return new ProblemException(404, `${RECORD_KINDS[kind].noun}.revision_not_found`, `${label(kind)} ${id} has no revision ${revision}: its last is ${lastRevision}`);
}

export function notYetRecorded(kind: RecordKindName, id: string, asOf: string, createdAt: string): ProblemException {
  return new ProblemException(404, `${RECORD_KINDS[kind].noun}.not_yet_recorded`, `${label(kind)} ${id} did not exist yet at ${asOf}: it was created at ${createdAt}`);
}
