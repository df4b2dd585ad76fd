import {
  formatRecordNumber,
  nextRecordNumberBlock,
  RECORD_NUMBER_ASSIGNED,
  RECORD_NUMBER_BLOCK_TAKEN,
  recordNumberCounterStream,
  recordNumberStream,
  type NumberedKind,
  type RecordNumberAssigned,
  type RecordNumberBlockTaken,
} from '@itsm/domain';
import { randomUUID } from 'node:crypto';
import { appendSystemFact, ConcurrencyError, lastEventOf, type EventStore, type Json } from '@itsm/event-store/port';

/** The number a command's outcome recorded on its opening event (a replay answers with the first one's). */
export function numberRecorded(outcome: { readonly events: readonly { readonly type: string; readonly data: unknown }[] }, openingType: string): string | null {
  const opening = outcome.events.find((event) => event.type === openingType);
  return (opening?.data as { number?: string | null } | undefined)?.number ?? null;
}

/** Who takes a number, and when: the command that opens the record. */
export interface NumberTaker {
  readonly actor: string;
  readonly occurredAt: string;
}

/** The record that holds `number`, read from the number's stream (null: nobody). */
export async function recordHolding(store: EventStore, number: string): Promise<RecordNumberAssigned | null> {
  const [first] = await store.readStream(recordNumberStream(number), { max: 1 });
  return first === undefined ? null : (first.data as unknown as RecordNumberAssigned);
}

/**
 * Takes `number` for `recordId`: true if it is now (or already was) this record's, false if another
 * record holds it. The number's stream is created with `no_stream`, so of two takers exactly one wins.
 */
export async function takeRecordNumber(store: EventStore, kind: NumberedKind, number: string, recordId: string, taker: NumberTaker): Promise<boolean> {
  const data: RecordNumberAssigned = { number, kind, recordId };
  const fact = { stream: recordNumberStream(number), event: { type: RECORD_NUMBER_ASSIGNED, data: data as unknown as Json }, actor: taker.actor, at: taker.occurredAt, identity: ['assigned', recordId], schemaVersion: 1 };
  try {
    await appendSystemFact(store, fact, null);
    return true;
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    return (await recordHolding(store, number))?.recordId === recordId;
  }
}

/**
 * Hands out new numbers: a block at a time from the kind's counter stream (one append per block,
 * not per number), each number then taken in its own stream, skipping those an import holds. A
 * number handed out and not used (the command was refused) is a gap, as in any numbering that
 * never reuses a number. One allocator per process. Callers of one kind take turns to be handed a
 * number, not to take it: each number's stream is its own, so concurrent openings take theirs in one
 * group commit (issue 15: taking them in turn made every opening wait for the one before to be on disk).
 */
export class RecordNumberAllocator {
  private readonly blocks = new Map<NumberedKind, { next: number; readonly to: number }>();
  private readonly turns = new Map<NumberedKind, Promise<unknown>>();
  /** In a block's event id, so that two processes taking the same block conflict instead of both getting it as one append. */
  private readonly owner = randomUUID();

  constructor(
    private readonly store: EventStore,
    private readonly blockSize = 20,
  ) {}

  /** A new number for `recordId`, held by it once this resolves. */
  async assign(kind: NumberedKind, recordId: string, taker: NumberTaker): Promise<string> {
    for (;;) {
      const number = formatRecordNumber(kind, await this.handOut(kind, taker));
      if (await takeRecordNumber(this.store, kind, number, recordId, taker)) return number;
    }
  }

  /** The next number of the kind's block, in turn: only a block running out waits for an append. */
  private handOut(kind: NumberedKind, taker: NumberTaker): Promise<number> {
    const turn = (this.turns.get(kind) ?? Promise.resolve()).then(() => this.nextValue(kind, taker));
    this.turns.set(kind, turn.catch(() => undefined));
    return turn;
  }

  private async nextValue(kind: NumberedKind, taker: NumberTaker): Promise<number> {
    let block = this.blocks.get(kind);
    if (block === undefined || block.next > block.to) {
      const taken = await this.takeBlock(kind, taker);
      block = { next: taken.from, to: taken.to };
      this.blocks.set(kind, block);
    }
    return block.next++;
  }

  private async takeBlock(kind: NumberedKind, taker: NumberTaker): Promise<RecordNumberBlockTaken> {
    const stream = recordNumberCounterStream(kind);
    for (;;) {
      const last = await lastEventOf(this.store, stream);
      const block = nextRecordNumberBlock(kind, last === null ? null : (last.data as unknown as RecordNumberBlockTaken), this.blockSize);
      const fact = { stream, event: { type: RECORD_NUMBER_BLOCK_TAKEN, data: block as unknown as Json }, actor: taker.actor, at: taker.occurredAt, identity: ['block', String(block.from), this.owner], schemaVersion: 1 };
      try {
        await appendSystemFact(this.store, fact, last);
        return block;
      } catch (error) {
        // Another process took this block: take the one after it.
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
  }
}
