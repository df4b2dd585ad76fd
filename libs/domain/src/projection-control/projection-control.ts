import { assertNever, type CommandContext, type Decider } from '../shared/decider';
import { domainErrors, type DomainErrorTable } from '../shared/domain-error';
import { fieldRules } from '../shared/field-rules';

/**
 * A projection that cannot apply an event (its code throws on it) stops there rather than skip it or
 * stop the others: the projector records the pause with the event and the reason, and an admin
 * orders it to go on, retrying the event (after a fix) or skipping it. Both are facts of the log, in
 * the projection's own control stream, so the auditor sees every event a read model left out.
 */
export const PROJECTION_CONTROL_STREAM_PREFIX = 'projection-control-';
export const projectionControlStream = (projection: string): string => `${PROJECTION_CONTROL_STREAM_PREFIX}${projection}`;
export const PROJECTION_CONTROL_SCHEMA_VERSION = 1;

/** The event a projection could not apply, and why. */
export interface PoisonEvent {
  readonly position: string;
  readonly stream: string;
  readonly type: string;
  readonly eventId: string;
  readonly reason: string;
}

export const RESUME_MODES = ['retry', 'skip'] as const;
export type ResumeMode = (typeof RESUME_MODES)[number];

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };
export type ProjectionPaused = Event<'ProjectionPaused', { projection: string } & PoisonEvent>;
export type ProjectionResumed = Event<'ProjectionResumed', { projection: string; position: string; mode: ResumeMode; reason: string }>;
export type ProjectionControlEvent = ProjectionPaused | ProjectionResumed;

type Command<Type extends string, Data> = { readonly type: Type; readonly projection: string; readonly data: Readonly<Data>; readonly context: CommandContext };
/** The projector's: it stopped at this event. */
export type PauseProjection = Command<'PauseProjection', PoisonEvent>;
/** An admin's: go on from the event it stopped at (named, so an order meant for another pause is refused). */
export type ResumeProjection = Command<'ResumeProjection', { position: string; mode: ResumeMode; reason: string }>;
export type ProjectionControlCommand = PauseProjection | ResumeProjection;

export interface ProjectionControlState {
  /** Where it stands paused, or null when it runs. */
  readonly paused: PoisonEvent | null;
  /** The last order to go on, which the paused runner acts on. */
  readonly lastResume: { readonly position: string; readonly mode: ResumeMode } | null;
}

export const PROJECTION_CONTROL_ERROR_CODES = {
  'projection.not_paused': { kind: 'conflict', rule: 'The projection is not paused: there is nothing to resume.' },
  'projection.paused_elsewhere': { kind: 'conflict', rule: 'The projection is paused at another event than the one named (details.pausedAt).' },
  'projection.invalid_field': { kind: 'not_allowed', rule: 'A field is blank or outside its allowed values (details.field names it).' },
} as const satisfies DomainErrorTable;
const projectionError = domainErrors(PROJECTION_CONTROL_ERROR_CODES);
const { requireText, requireOneOf } = fieldRules((field, message, details = {}) => projectionError('projection.invalid_field', message, { field, ...details }));

export const projectionControlDecider: Decider<ProjectionControlCommand, ProjectionControlEvent, ProjectionControlState> = {
  initialState: { paused: null, lastResume: null },
  evolve(state, event) {
    switch (event.type) {
      case 'ProjectionPaused': {
        const { position, stream, type, eventId, reason } = event.data;
        return { ...state, paused: { position, stream, type, eventId, reason } };
      }
      case 'ProjectionResumed':
        return { paused: null, lastResume: { position: event.data.position, mode: event.data.mode } };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'PauseProjection':
        // A projector that restarts meets the same event again: paused there already, nothing new.
        return state.paused?.position === command.data.position ? [] : [{ type: 'ProjectionPaused', data: { projection: command.projection, ...command.data } }];
      case 'ResumeProjection': {
        const { position, mode, reason } = command.data;
        requireOneOf('mode', mode, RESUME_MODES);
        requireText('reason', reason);
        if (state.paused === null) throw projectionError('projection.not_paused');
        if (state.paused.position !== position) throw projectionError('projection.paused_elsewhere', undefined, { field: 'position', pausedAt: state.paused.position });
        return [{ type: 'ProjectionResumed', data: { projection: command.projection, position, mode, reason } }];
      }
      default:
        return assertNever(command);
    }
  },
};
