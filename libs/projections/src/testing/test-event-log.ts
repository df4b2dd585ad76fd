import { DOMAIN_EVENT_SCHEMAS } from '@itsm/domain';
import { sequencePosition, type EventMetadata, type Json, type RecordedEvent } from '@itsm/event-store';

export interface RecordOptions {
  readonly actor?: string;
  readonly occurredAt?: string;
}

export interface TestEventLogOptions {
  /** Business time of the first event; each later event is `stepMs` after the previous one. */
  readonly startAt?: string;
  readonly stepMs?: number;
  readonly actor?: string;
}

/**
 * Makes RecordedEvents as a store would: global positions counting up from 1, revisions per
 * stream, fixed business times and actors, so that projection specs can assert exact documents.
 */
export class TestEventLog {
  private readonly recorded: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private readonly startMs: number;
  private readonly stepMs: number;
  private readonly actor: string;

  constructor(options: TestEventLogOptions = {}) {
    this.startMs = Date.parse(options.startAt ?? '2024-03-01T09:00:00.000Z');
    this.stepMs = options.stepMs ?? 60_000;
    this.actor = options.actor ?? 'agent.smith';
  }

  get events(): readonly RecordedEvent[] {
    return this.recorded;
  }

  /** The business time the next recorded event will get by default. */
  get nextTime(): string {
    return new Date(this.startMs + this.recorded.length * this.stepMs).toISOString();
  }

  record<E extends { readonly type: string; readonly data: unknown }>(stream: string, event: E, options: RecordOptions = {}): RecordedEvent {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    const sequence = this.recorded.length + 1;
    const metadata: EventMetadata = {
      eventId: `event-${sequence}`,
      actor: options.actor ?? this.actor,
      occurredAt: options.occurredAt ?? this.nextTime,
      commandId: `command-${sequence}`,
      commandType: 'Test',
      correlationId: `correlation-${sequence}`,
      causationId: `command-${sequence}`,
      // Fixtures are written in the current shape, as the command API writes them: no upcast step runs on them.
      schemaVersion: DOMAIN_EVENT_SCHEMAS.currentVersion(event.type) ?? 1,
      prevHash: null,
      hash: `hash-${sequence}`,
    };
    const recorded: RecordedEvent = {
      type: event.type,
      data: event.data as Json,
      metadata,
      stream,
      revision,
      position: sequencePosition(sequence),
      recordedAt: metadata.occurredAt,
    };
    this.revisions.set(stream, revision);
    this.recorded.push(recorded);
    return recorded;
  }
}
