import {
  calendarInForce,
  DomainError,
  SLA_CONFIGURATION_STREAM,
  type BusinessCalendarVersion,
  incidentSla,
  measuredBy,
  RECORDED_TERMS,
  slaVerdict,
  type SlaVerdict,
  INCIDENT_STREAM_PREFIX,
  slaConfigurationDecider,
  type IncidentEvent,
  type SlaConfiguration,
  type SlaConfigurationCommand,
} from '@itsm/domain';
import type { EventStore } from '@itsm/event-store/port';
import { foldStream } from '../shared/fold-stream';

/**
 * What-if for service levels (issue 11): the incidents opened in a period measured twice, under the
 * configuration the log holds and under another one given for the question, and what changes
 * (met → breached and back). Nothing is recorded: the log is only read, one incident at a time.
 */
export interface WhatIfOptions {
  /** Incidents opened from `from` (inclusive) to `to` (exclusive). */
  readonly from: string;
  readonly to: string;
  /** The instant at which running clocks are judged (breached or not). */
  readonly now: string;
  readonly onProgress?: (progress: { readonly eventsRead: number; readonly incidents: number }) => void;
}

export type { SlaVerdict } from '@itsm/domain';

/** The resolution target's verdicts (`recorded`, `whatIf`), and the response target's beside them. */
export interface WhatIfIncident {
  readonly incidentId: string;
  readonly number: string | null;
  readonly recorded: SlaVerdict;
  readonly whatIf: SlaVerdict;
  readonly response: { readonly recorded: SlaVerdict; readonly whatIf: SlaVerdict };
}

export interface WhatIfChanges {
  readonly unchanged: number;
  readonly metToBreached: number;
  readonly breachedToMet: number;
  /** Any other change (measured by one and not the other, running in one). */
  readonly otherChanges: number;
}

/** The resolution target's changes, and the response target's beside them. */
export interface WhatIfSummary extends WhatIfChanges {
  readonly incidents: number;
  readonly response: WhatIfChanges;
}

/**
 * The configuration a what-if asks about: calendars and a policy given as commands, checked by the
 * same rules as the recorded ones, and in force for the whole history (the effective date of a
 * question is the start of time; nothing of it is recorded).
 */
export function whatIfConfiguration(commands: readonly SlaConfigurationCommand[], from: SlaConfiguration = slaConfigurationDecider.initialState): SlaConfiguration {
  const beginning = '1970-01-01T00:00:00.000Z';
  let state = from;
  for (const command of commands) {
    const asked = { ...command, data: { ...command.data, effectiveFrom: beginning }, context: { ...command.context, now: beginning } } as SlaConfigurationCommand;
    for (const event of slaConfigurationDecider.decide(asked, state)) state = slaConfigurationDecider.evolve(state, event);
  }
  return state;
}

/** A what-if question that cannot be asked: the field (`policy.targets[0].resolution.minutes`, `calendars[1].timeZone`) and why. */
export class WhatIfQuestionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'WhatIfQuestionError';
  }
}

/**
 * The configuration a question gives as `{ calendars: [...], policy: {...} }`, shaped as POST
 * /business-calendars and POST /sla-policies take them without effectiveFrom (the CLI's file and
 * the body of POST /sla/what-if): each checked by the domain's rules, a broken one named by its path.
 */
export function whatIfConfigurationOf(question: unknown, recordedCalendars: readonly BusinessCalendarVersion[] = []): SlaConfiguration {
  if (typeof question !== 'object' || question === null || Array.isArray(question)) throw new WhatIfQuestionError('', 'The question must be an object { "calendars": [...], "policy": {...} }');
  const { calendars = [], policy } = question as { calendars?: unknown; policy?: unknown };
  if (!Array.isArray(calendars)) throw new WhatIfQuestionError('calendars', 'calendars must be a list of business calendars');
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw new WhatIfQuestionError('policy', 'policy must be an SLA policy object');
  const context = { actor: 'what-if', now: new Date(0).toISOString() };
  // The calendars in force may be named without being given again; one given under the same name replaces it.
  const given = new Set(calendars.map((data) => (typeof data === 'object' && data !== null ? (data as { name?: unknown }).name : undefined)));
  const known = recordedCalendars.filter(({ name }) => !given.has(name));
  const asked: [string, SlaConfigurationCommand][] = [
    ...known.map(({ name, timeZone, week, holidays }): [string, SlaConfigurationCommand] => [`calendar ${name}`, { type: 'DefineBusinessCalendar', data: { name, timeZone, week, holidays, effectiveFrom: context.now }, context }]),
    ...calendars.map((data, index): [string, SlaConfigurationCommand] => [`calendars[${index}]`, { type: 'DefineBusinessCalendar', data: { ...(typeof data === 'object' ? data : {}) }, context } as SlaConfigurationCommand]),
    ['policy', { type: 'DefineSlaPolicy', data: { atRiskPercent: 75, scope: { assignmentGroup: null, configurationItemId: null }, ...policy }, context } as SlaConfigurationCommand],
  ];
  let configuration = slaConfigurationDecider.initialState;
  for (const [path, command] of asked) {
    try {
      configuration = whatIfConfiguration([command], configuration);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = typeof error.details['field'] === 'string' ? `${path}.${error.details['field']}` : path;
      throw new WhatIfQuestionError(field, error.message);
    }
  }
  return configuration;
}

/** The business calendars in force at `now`, as the log records them: what a question may name without giving. */
export async function recordedCalendarsInForce(store: EventStore, now: string): Promise<BusinessCalendarVersion[]> {
  const configuration = await foldStream(store, SLA_CONFIGURATION_STREAM, slaConfigurationDecider);
  return Object.keys(configuration.calendars).flatMap((name) => calendarInForce(configuration, name, now) ?? []);
}

export async function* slaWhatIf(store: EventStore, whatIf: SlaConfiguration, options: WhatIfOptions): AsyncGenerator<WhatIfIncident, WhatIfSummary> {
  // The recorded result is what the incident's own SLA facts say it was held to; the question's, the policy in force at its opening in `whatIf`.
  const recordedTerms = RECORDED_TERMS;
  const asked = measuredBy(whatIf);
  const changes = () => ({ unchanged: 0, metToBreached: 0, breachedToMet: 0, otherChanges: 0 });
  const summary = { incidents: 0, ...changes(), response: changes() };
  let eventsRead = 0;
  for (let after: string | null = null; ; ) {
    const page = await store.readAll({ after, max: 1000 });
    for (const event of page) {
      eventsRead++;
      const opening = event.type === 'IncidentOpened' || (event.type === 'IncidentVersionImported' && event.revision === 0);
      if (!opening || !event.stream.startsWith(INCIDENT_STREAM_PREFIX)) continue;
      const openedAt = openingTime(event.type, event.data as unknown as Record<string, unknown>, event.metadata.occurredAt);
      if (openedAt < options.from || openedAt >= options.to) continue;
      const facts = (await store.readStream(event.stream)).map((fact) => ({ revision: fact.revision, occurredAt: fact.metadata.occurredAt, event: { type: fact.type, data: fact.data } as unknown as IncidentEvent }));
      const [byRecord, byQuestion] = [incidentSla(facts, recordedTerms, options.now), incidentSla(facts, asked, options.now)];
      const resolution = { recorded: slaVerdict(byRecord.clocks, 'resolution'), whatIf: slaVerdict(byQuestion.clocks, 'resolution') };
      const response = { recorded: slaVerdict(byRecord.clocks, 'response'), whatIf: slaVerdict(byQuestion.clocks, 'response') };
      summary.incidents++;
      tally(summary, resolution);
      tally(summary.response, response);
      const data = event.data as unknown as { incidentId: string; number?: string | null };
      yield { incidentId: data.incidentId, number: data.number ?? null, ...resolution, response };
    }
    options.onProgress?.({ eventsRead, incidents: summary.incidents });
    const last = page.at(-1);
    if (page.length < 1000 || last === undefined) break;
    after = last.position;
  }
  return summary;
}

function openingTime(type: string, data: Record<string, unknown>, occurredAt: string): string {
  if (type === 'IncidentVersionImported') return ((data['reading'] as { openedAt?: string | null } | undefined)?.openedAt ?? occurredAt);
  return occurredAt;
}

/** Counts one target's change between the recorded verdict and the question's. */
function tally(changes: { -readonly [K in keyof WhatIfChanges]: number }, { recorded, whatIf }: { recorded: SlaVerdict; whatIf: SlaVerdict }): void {
  if (recorded === whatIf) changes.unchanged++;
  else if (recorded === 'met' && whatIf === 'breached') changes.metToBreached++;
  else if (recorded === 'breached' && whatIf === 'met') changes.breachedToMet++;
  else changes.otherChanges++;
}
