import type { CiStatuses } from '../configuration-item/ci-references';
import type { CommandContext } from '../shared/decider';
import type { TimeWindow } from './time-window';

/**
 * A blackout window is configuration with its own history (who froze what, when, and why), kept
 * in its own small stream so that changes read it through a read model, never by locking it.
 */
export const blackoutWindowStream = (blackoutWindowId: string): string => `blackout-window-${blackoutWindowId}`;
export const BLACKOUT_WINDOW_STREAM_PREFIX = 'blackout-window-';

/** Everything is frozen, or only the listed CIs (sorted, without duplicates). */
export type BlackoutScope = { readonly kind: 'all' } | { readonly kind: 'cis'; readonly ciIds: readonly string[] };

export interface BlackoutDefinition {
  readonly name: string;
  readonly window: TimeWindow;
  readonly scope: BlackoutScope;
  readonly reason: string;
}

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

export type BlackoutWindowDefined = Event<'BlackoutWindowDefined', { blackoutWindowId: string } & BlackoutDefinition>;
/** Carries the whole definition after the change, and which fields moved, so a reader needs no earlier event. */
export type BlackoutWindowChanged = Event<
  'BlackoutWindowChanged',
  { blackoutWindowId: string; changedFields: readonly (keyof BlackoutDefinition)[] } & BlackoutDefinition
>;
export type BlackoutWindowWithdrawn = Event<'BlackoutWindowWithdrawn', { blackoutWindowId: string; reason: string }>;

export type BlackoutWindowEvent = BlackoutWindowDefined | BlackoutWindowChanged | BlackoutWindowWithdrawn;
export type BlackoutWindowEventType = BlackoutWindowEvent['type'];

export const BLACKOUT_WINDOW_EVENT_TYPES: readonly BlackoutWindowEventType[] = [
  'BlackoutWindowDefined',
  'BlackoutWindowChanged',
  'BlackoutWindowWithdrawn',
];

/** Bumped when the shape of an event's data changes; recorded in metadata. */
export const BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION = 1;

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly blackoutWindowId: string;
  readonly data: Readonly<Data>;
  readonly context: CommandContext;
};

/** `ciStatuses`: the scoped CIs' statuses, read from the log by the handler (see ci-references.ts). */
export type DefineBlackoutWindow = Command<'DefineBlackoutWindow', BlackoutDefinition & { ciStatuses?: CiStatuses }>;
/** Names only what changes; `reason` here replaces the blackout's stated reason. */
export type ChangeBlackoutWindow = Command<'ChangeBlackoutWindow', Partial<BlackoutDefinition> & { ciStatuses?: CiStatuses }>;
/** `reason` says why the freeze is lifted. */
export type WithdrawBlackoutWindow = Command<'WithdrawBlackoutWindow', { reason: string }>;

export type BlackoutWindowCommand = DefineBlackoutWindow | ChangeBlackoutWindow | WithdrawBlackoutWindow;
export type BlackoutWindowCommandType = BlackoutWindowCommand['type'];
