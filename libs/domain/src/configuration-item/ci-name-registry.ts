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

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

/** `name` is the spelling the holder asked for; `normalisedName` is the key. */
export type CiNameReserved = Event<'CiNameReserved', { normalisedName: string; name: string; ciId: string }>;
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

export type ReserveCiName = Command<'ReserveCiName', { ciId: string }>;
export type ReleaseCiName = Command<'ReleaseCiName', { ciId: string; reason: CiNameReleaseReason }>;
export type CiNameCommand = ReserveCiName | ReleaseCiName;
export type CiNameCommandType = CiNameCommand['type'];

export type FreeCiName = { readonly status: 'free' };
export type ReservedCiName = {
  readonly status: 'reserved';
  readonly normalisedName: string;
  readonly name: string;
  readonly ciId: string;
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
 * Both commands are idempotent towards the state they ask for: reserving a name the same CI holds,
 * or releasing a free name, decides nothing (no events), so a retried protocol step is harmless.
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
  const { ciId } = command.data;
  if (state.status === 'reserved') {
    if (state.ciId === ciId) return [];
    throw ciError('ci.name_taken', `"${state.name}" is already the name of ${state.ciId}`, {
      name: command.name,
      normalisedName,
      heldBy: state.ciId,
    });
  }
  return [{ type: 'CiNameReserved', data: { normalisedName, name: command.name, ciId } }];
}

function release(command: ReleaseCiName, state: CiNameState): readonly CiNameReleased[] {
  const { ciId, reason } = command.data;
  requireOneOf('reason', reason, CI_NAME_RELEASE_REASONS);
  if (state.status === 'free') return [];
  if (state.ciId !== ciId) {
    throw ciError('ci.name_not_held', `"${state.name}" is held by ${state.ciId}, not ${ciId}`, {
      normalisedName: state.normalisedName,
      heldBy: state.ciId,
    });
  }
  return [{ type: 'CiNameReleased', data: { normalisedName: state.normalisedName, ciId, reason } }];
}
