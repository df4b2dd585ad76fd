import { assertNever, type CommandContext, type Decider } from '../shared/decider';
import { ciError, requireCiId, requireOneOf, requireText } from './ci-errors';

/**
 * CI names are unique, but a CI's decider sees only its own stream. So each name is a tiny
 * aggregate of its own, keyed by the normalised name: its stream holds who holds the name. The
 * order of appends across the two streams is in ci-name-protocol.ts.
 */

/** Names that differ only in case or spacing are the same name to a person searching the CMDB. */
export function normaliseCiName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const CI_NAME_STREAM_PREFIX = 'ci-name-';
/** Normalises, so every spelling of a name finds the one stream that guards it. */
export const ciNameStream = (name: string): string => `${CI_NAME_STREAM_PREFIX}${normaliseCiName(name)}`;

/** Why a name was given up: for the audit trail, and to find abandoned reservations. */
export const CI_NAME_RELEASE_REASONS = ['renamed', 'retired', 'abandoned'] as const;
export type CiNameReleaseReason = (typeof CI_NAME_RELEASE_REASONS)[number];

/** A CI event as sealed for its stream (type, data and metadata with its id and hash), kept as JSON. */
export interface PendingCiEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * What a reservation is for: the CI command `commandId`, decided on the CI stream at `ciRevision`,
 * whose sealed `events` are to be appended right after that revision. Recorded with the
 * reservation, so that if the command-api dies before appending them, recovery can append exactly
 * those events (and nothing else can be appended at that revision in their place).
 */
export interface CiNameIntent {
  readonly commandId: string;
  readonly commandType: string;
  readonly ciRevision: number;
  readonly events: readonly PendingCiEvent[];
}

/**
 * When a release applies, so that a late or repeated release can never free a name taken again:
 * - `intent`: only while the latest reservation is that one (undoing a command that never landed);
 * - `let_go`: the CI stopped carrying the name with its event at CI revision `ciRevision`; only a
 *   reservation decided before that revision (or one from before intents were recorded) is freed.
 */
export type CiNameReleaseCondition =
  | { readonly kind: 'intent'; readonly commandId: string; readonly ciRevision: number }
  | { readonly kind: 'let_go'; readonly ciRevision: number };

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

/** `name` is the spelling the holder asked for; `normalisedName` is the key. Older reservations have no intent. */
export type CiNameReserved = Event<'CiNameReserved', { normalisedName: string; name: string; ciId: string; intent?: CiNameIntent }>;
export type CiNameReleased = Event<'CiNameReleased', { normalisedName: string; ciId: string; reason: CiNameReleaseReason }>;
export type CiNameEvent = CiNameReserved | CiNameReleased;
export type CiNameEventType = CiNameEvent['type'];
export const CI_NAME_EVENT_TYPES: readonly CiNameEventType[] = ['CiNameReserved', 'CiNameReleased'];

type Command<Type extends string, Data> = {
  readonly type: Type;
  /** Any spelling of the name; the stream is `ciNameStream(name)`. */
  readonly name: string;
  readonly data: Readonly<Data>;
  readonly context: CommandContext;
};

export type ReserveCiName = Command<'ReserveCiName', { ciId: string; intent: CiNameIntent }>;
export type ReleaseCiName = Command<'ReleaseCiName', { ciId: string; reason: CiNameReleaseReason; condition: CiNameReleaseCondition }>;
export type CiNameCommand = ReserveCiName | ReleaseCiName;
export type CiNameCommandType = CiNameCommand['type'];

export type FreeCiName = { readonly status: 'free' };
export type ReservedCiName = {
  readonly status: 'reserved';
  readonly normalisedName: string;
  readonly name: string;
  readonly ciId: string;
  readonly intent?: CiNameIntent;
};
export type CiNameState = FreeCiName | ReservedCiName;

export const initialCiNameState: CiNameState = { status: 'free' };

export function evolveCiName(state: CiNameState, event: CiNameEvent): CiNameState {
  switch (event.type) {
    case 'CiNameReserved':
      return { status: 'reserved', ...event.data };
    case 'CiNameReleased':
      // A release by anyone but the holder was never decided; if one is recorded, the holder stays.
      return state.status === 'reserved' && state.ciId === event.data.ciId ? initialCiNameState : state;
    default:
      return assertNever(event);
  }
}

/**
 * Reserving records the intent every time, even for the holder: a later reservation by the same CI
 * moves the stream on, so a recovery deciding on the earlier state cannot release it (its release
 * is appended at the revision it read). Releasing decides nothing when there is nothing to free or
 * the condition does not hold, so a retried or late release is harmless.
 */
export function decideCiName(command: CiNameCommand, state: CiNameState): readonly CiNameEvent[] {
  requireText('name', command.name);
  requireCiId('ciId', command.data.ciId);
  switch (command.type) {
    case 'ReserveCiName':
      return reserve(command, state);
    case 'ReleaseCiName':
      return release(command, state);
    default:
      return assertNever(command);
  }
}

export const ciNameDecider: Decider<CiNameCommand, CiNameEvent, CiNameState> = {
  initialState: initialCiNameState,
  evolve: evolveCiName,
  decide: decideCiName,
};

function reserve(command: ReserveCiName, state: CiNameState): readonly CiNameReserved[] {
  const normalisedName = normaliseCiName(command.name);
  const { ciId, intent } = command.data;
  requireText('intent.commandId', intent?.commandId);
  if (state.status === 'reserved' && state.ciId !== ciId) {
    throw ciError('ci.name_taken', `"${state.name}" is already the name of ${state.ciId}`, {
      name: command.name,
      normalisedName,
      heldBy: state.ciId,
    });
  }
  return [{ type: 'CiNameReserved', data: { normalisedName, name: command.name, ciId, intent } }];
}

function release(command: ReleaseCiName, state: CiNameState): readonly CiNameReleased[] {
  const { ciId, reason, condition } = command.data;
  requireOneOf('reason', reason, CI_NAME_RELEASE_REASONS);
  if (state.status === 'free' || state.ciId !== ciId || !releasable(state, condition)) return [];
  return [{ type: 'CiNameReleased', data: { normalisedName: state.normalisedName, ciId, reason } }];
}

function releasable(state: ReservedCiName, condition: CiNameReleaseCondition): boolean {
  switch (condition?.kind) {
    case 'intent':
      return state.intent?.commandId === condition.commandId && state.intent.ciRevision === condition.ciRevision;
    case 'let_go':
      return state.intent === undefined || state.intent.ciRevision < condition.ciRevision;
    default:
      throw ciError('ci.invalid_field', 'condition must be an intent or a let_go', { field: 'condition' });
  }
}
