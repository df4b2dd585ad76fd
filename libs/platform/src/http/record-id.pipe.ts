import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { parseRecordNumber, RECORD_KIND_NOUNS, RECORD_NUMBER_PREFIXES, type NumberedKind } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store/port';
import { recordHolding } from '@itsm/write-path';
import { EVENT_STORE } from '../stores/stores';
import { invalidField, ProblemException } from './problem';

/** No record holds this number (exported for the OpenAPI documents, which show this very answer). */
export const recordNumberUnknown = (kind: NumberedKind, number: string) => new ProblemException(404, `${kind}.not_found`, `No ${kind} ${number}`);

/**
 * A record named in a path by its id or by its number (`/incidents/INC0010001`): a number is read
 * from the log (the number's own stream names its record, so a record just opened is found at once,
 * with no read model to wait for) and the handler sees the id either way.
 */
export async function resolveRecordId(store: EventStore, kind: NumberedKind, value: string, field = 'id'): Promise<string> {
  if (isUUID(value)) return value;
  const example = `${RECORD_NUMBER_PREFIXES[kind]}0010001`;
  const parsed = parseRecordNumber(value);
  if (parsed === null || parsed.kind !== kind) throw invalidField(field, `must be a UUID or ${RECORD_KIND_NOUNS[kind]} number such as ${example}`);
  const holder = await recordHolding(store, parsed.number);
  if (holder === null || holder.kind !== kind) throw recordNumberUnknown(kind, parsed.number);
  return holder.recordId;
}

@Injectable()
export class IncidentIdPipe implements PipeTransform<string, Promise<string>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  transform(value: string): Promise<string> {
    return resolveRecordId(this.store, 'incident', value);
  }
}

@Injectable()
export class ChangeIdPipe implements PipeTransform<string, Promise<string>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  transform(value: string): Promise<string> {
    return resolveRecordId(this.store, 'change', value);
  }
}

@Injectable()
export class ProblemIdPipe implements PipeTransform<string, Promise<string>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  transform(value: string): Promise<string> {
    return resolveRecordId(this.store, 'problem', value);
  }
}
