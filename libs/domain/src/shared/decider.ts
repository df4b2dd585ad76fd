/**
 * An aggregate as three pure functions. `decide` throws DomainError for a broken rule and
 * otherwise returns the new events; `evolve` folds a recorded fact and never validates.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): readonly Event[];
}

/** Who asks and when: arrives inside every command so that deciding never reads the clock. */
export interface CommandContext {
  readonly actor: string;
  /** ISO-8601 instant. */
  readonly now: string;
}

export function fold<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Whether the decider accepts the command on this state: it decides and keeps nothing. */
export function accepts<Command, Event, State>(decider: Decider<Command, Event, State>, command: Command, state: State): boolean {
  try {
    decider.decide(command, state);
    return true;
  } catch {
    return false;
  }
}

/** Compile-time proof that a switch handled every case of a union. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
