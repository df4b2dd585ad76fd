import { fold, type Decider } from '../shared/decider';
import { DomainError, type DomainErrorKind } from '../shared/domain-error';

/**
 * Given(events) / When(command) / Then(events | error code) for any decider:
 *
 *   const spec = deciderSpec(incidentDecider);
 *   spec.given([opened]).when(assign).then([assigned]);
 *   spec.given([]).when(assign).thenThrows('incident.not_found', 'not_found');
 *
 * The given events, the folded state and the command are deep-frozen, so a decider that mutates
 * its input fails the spec instead of passing by luck.
 */
export interface DeciderSpec<Command, Event, State> {
  given(events: readonly Event[]): Given<Command, State, Event>;
}

export interface Given<Command, State, Event> {
  /** The state the given events fold into, for specs about evolve alone. */
  readonly state: State;
  when(command: Command): When<State, Event>;
}

export interface When<State, Event> {
  /** Asserts the decided events (and that deciding twice gives the same); returns the state they lead to. */
  then(expected: readonly Event[]): State;
  /** Asserts a DomainError with this code (and kind, when given); returns it for further checks. */
  thenThrows(code: string, kind?: DomainErrorKind): DomainError;
}

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>): DeciderSpec<Command, Event, State> {
  return {
    given(events) {
      const history = deepFreeze([...events]);
      const state = deepFreeze(fold(decider, history));
      return { state, when: (command) => whenStep(decider, history, state, deepFreeze(command)) };
    },
  };
}

function whenStep<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  history: readonly Event[],
  state: State,
  command: Command,
): When<State, Event> {
  return {
    then(expected) {
      const decided = decider.decide(command, state);
      expect(decided).toEqual(expected);
      expect(decider.decide(command, state)).toEqual(decided);
      return fold(decider, [...history, ...decided]);
    },
    thenThrows(code, kind) {
      const outcome = outcomeOf(() => decider.decide(command, state));
      expect(outcome.summary).toEqual({ code, kind: kind ?? outcome.summary.kind });
      return outcome.error as DomainError;
    },
  };
}

/** Summarised so that a failing spec shows which code (or which events) came instead. */
function outcomeOf(decide: () => unknown): { summary: { code: unknown; kind: unknown }; error: unknown } {
  try {
    const events = decide();
    return { summary: { code: 'no error; decided events', kind: events }, error: undefined };
  } catch (error) {
    if (error instanceof DomainError) return { summary: { code: error.code, kind: error.kind }, error };
    return { summary: { code: `not a DomainError: ${String(error)}`, kind: undefined }, error };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
