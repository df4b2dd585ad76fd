import { domainErrors, type DomainErrorTable } from '../shared/domain-error';
import type { CommandContext, Decider } from '../shared/decider';
import { effectiveInstant, versionInForce } from '../shared/effective-versions';
import { fieldRules } from '../shared/field-rules';
import { isTimeZone } from '../shared/zoned-time';
import { HOLD_REASONS, type HoldReason } from '../incident/hold-reasons';
import type { Priority } from '../incident/priority-matrix';
import type { BusinessCalendar, WorkingRange } from './business-calendar';

/**
 * Service-level configuration with a history (issue 11): business calendars and SLA policies, each
 * version effective from an instant, never before the command (what was measured stays measured),
 * after every version of the same name. One stream holds both, so a policy can only name a calendar
 * that exists. An incident is measured against the versions in force when its SLA started, and
 * records their version ids.
 */
export const SLA_CONFIGURATION_STREAM = 'sla-configuration';
export const SLA_CONFIGURATION_SCHEMA_VERSION = 1;

export interface BusinessCalendarVersion extends BusinessCalendar {
  readonly name: string;
  readonly version: number;
  readonly effectiveFrom: string;
}

/** A target: minutes of business time on a calendar, or of calendar time (`calendar` null). */
export interface SlaTargetDefinition {
  readonly minutes: number;
  readonly calendar: string | null;
}

export interface SlaPolicyVersion {
  readonly name: string;
  readonly version: number;
  readonly effectiveFrom: string;
  /** Which incidents it measures: any, or only those of a group or about a CI (the most specific in force wins). */
  readonly scope: { readonly assignmentGroup: string | null; readonly configurationItemId: string | null };
  /** Per priority: time to the first response (assignment or acknowledgement) and to resolution. */
  readonly targets: readonly { readonly priority: Priority; readonly response: SlaTargetDefinition; readonly resolution: SlaTargetDefinition }[];
  /** The share of a target after which it is at risk, 1–99 %. */
  readonly atRiskPercent: number;
  /** The hold reasons that pause the clocks (awaiting the caller does, usually; awaiting a vendor does not). */
  readonly pausingHoldReasons: readonly HoldReason[];
  /** A reopened incident's resolution clock: resumes where it stopped, or restarts as a new cycle. */
  readonly onReopen: 'resume' | 'restart';
}

export type BusinessCalendarDefined = { readonly type: 'BusinessCalendarDefined'; readonly data: BusinessCalendarVersion };
export type SlaPolicyDefined = { readonly type: 'SlaPolicyDefined'; readonly data: SlaPolicyVersion };
export type SlaConfigurationEvent = BusinessCalendarDefined | SlaPolicyDefined;

type Versioned<T> = Omit<T, 'version' | 'effectiveFrom'> & { readonly effectiveFrom: string };
export type DefineBusinessCalendar = { readonly type: 'DefineBusinessCalendar'; readonly data: Versioned<BusinessCalendarVersion>; readonly context: CommandContext };
export type DefineSlaPolicy = { readonly type: 'DefineSlaPolicy'; readonly data: Versioned<SlaPolicyVersion>; readonly context: CommandContext };
export type SlaConfigurationCommand = DefineBusinessCalendar | DefineSlaPolicy;

export interface SlaConfiguration {
  /** Each calendar's versions, in the order they take effect. */
  readonly calendars: Readonly<Record<string, readonly BusinessCalendarVersion[]>>;
  readonly policies: Readonly<Record<string, readonly SlaPolicyVersion[]>>;
}

export const SLA_CONFIGURATION_ERROR_CODES = {
  'sla.retroactive': { kind: 'not_allowed', rule: 'A version takes effect from now on, never before the command: what was measured stays measured.' },
  'sla.out_of_order': { kind: 'not_allowed', rule: 'A new version of a calendar or policy takes effect after every version of it already defined.' },
  'sla.unknown_calendar': { kind: 'not_allowed', rule: 'A policy names only calendars that are defined.' },
  'sla.invalid_field': { kind: 'not_allowed', rule: 'A field is blank or outside its allowed values (details.field names it).' },
} as const satisfies DomainErrorTable;

const slaError = domainErrors(SLA_CONFIGURATION_ERROR_CODES);
const invalid = (field: string, message: string, details: Readonly<Record<string, unknown>> = {}) => slaError('sla.invalid_field', message, { field, ...details });
const { requireText, optionalText, requireOneOf } = fieldRules(invalid);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_TARGET_MINUTES = 366 * 24 * 60;

export const slaConfigurationDecider: Decider<SlaConfigurationCommand, SlaConfigurationEvent, SlaConfiguration> = {
  initialState: { calendars: {}, policies: {} },
  evolve: (state, event) =>
    event.type === 'BusinessCalendarDefined'
      ? { ...state, calendars: { ...state.calendars, [event.data.name]: [...(state.calendars[event.data.name] ?? []), event.data] } }
      : { ...state, policies: { ...state.policies, [event.data.name]: [...(state.policies[event.data.name] ?? []), event.data] } },
  decide: (command, state) => {
    const name = requireText('name', command.data.name);
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw invalid('name', 'name: lower-case letters, digits, dot, dash and underscore, at most 64');
    const known = command.type === 'DefineBusinessCalendar' ? state.calendars[name] : state.policies[name];
    const effectiveFrom = effectiveFromOf(command, known ?? []);
    const version = (known?.length ?? 0) + 1;
    if (command.type === 'DefineBusinessCalendar') return [{ type: 'BusinessCalendarDefined', data: { name, version, effectiveFrom, ...validCalendar(command.data) } }];
    return [{ type: 'SlaPolicyDefined', data: { name, version, effectiveFrom, ...validPolicy(command.data, state, effectiveFrom) } }];
  },
};

/** The version of a calendar in force at an instant; null before its first. */
export function calendarInForce(configuration: SlaConfiguration, name: string, at: string): BusinessCalendarVersion | null {
  return versionInForce(configuration.calendars[name] ?? [], at);
}

/**
 * The policy that measures an incident whose SLA starts at `at`: among the policies in force then with
 * a target for its priority, one scoped to its CI, else to its group, else one for any incident
 * (names break ties, in order). Null when none measures it.
 */
export function policyFor(
  configuration: SlaConfiguration,
  incident: { readonly priority: Priority; readonly assignmentGroup: string | null; readonly configurationItemId: string | null },
  at: string,
): SlaPolicyVersion | null {
  const candidates = Object.keys(configuration.policies)
    .sort()
    .map((name) => versionInForce(configuration.policies[name]!, at))
    .filter((policy): policy is SlaPolicyVersion => policy !== null && policy.targets.some((target) => target.priority === incident.priority))
    .filter(({ scope }) => (scope.assignmentGroup === null || scope.assignmentGroup === incident.assignmentGroup) && (scope.configurationItemId === null || scope.configurationItemId === incident.configurationItemId));
  const specificity = ({ scope }: SlaPolicyVersion) => (scope.configurationItemId !== null ? 2 : scope.assignmentGroup !== null ? 1 : 0);
  return candidates.reduce<SlaPolicyVersion | null>((best, policy) => (best === null || specificity(policy) > specificity(best) ? policy : best), null);
}

function effectiveFromOf(command: SlaConfigurationCommand, known: readonly { readonly effectiveFrom: string }[]): string {
  const latest = known.at(-1)?.effectiveFrom ?? null;
  const effective = effectiveInstant(command.data.effectiveFrom, command.context.now, latest);
  if (effective.ok) return effective.effectiveFrom;
  if (effective.reason === 'not_an_instant') throw invalid('effectiveFrom', 'effectiveFrom must be an instant');
  if (effective.reason === 'retroactive') throw slaError('sla.retroactive', `A version cannot take effect before now (${command.context.now})`, { field: 'effectiveFrom', now: command.context.now });
  throw slaError('sla.out_of_order', `The latest version takes effect at ${latest}: a new one must take effect after it`, { field: 'effectiveFrom', latestEffectiveFrom: latest });
}

function validCalendar(data: Versioned<BusinessCalendarVersion>): BusinessCalendar {
  const timeZone = requireText('timeZone', data.timeZone);
  if (!isTimeZone(timeZone)) throw invalid('timeZone', `timeZone ${timeZone} is not an IANA time zone`);
  if (!Array.isArray(data.week) || data.week.length !== 7) throw invalid('week', 'week must list 7 days, Sunday first, each a list of working ranges');
  const week = data.week.map((ranges, day) => validRanges(`week[${day}]`, ranges));
  if (week.every((ranges) => ranges.length === 0)) throw invalid('week', 'week must have working time on at least one day');
  if (!Array.isArray(data.holidays)) throw invalid('holidays', 'holidays must be a list of dates (YYYY-MM-DD)');
  const holidays = data.holidays.map((date, index) => {
    if (typeof date !== 'string' || !DATE.test(date) || !isCalendarDate(date)) throw invalid(`holidays[${index}]`, `holidays[${index}] must be a date (YYYY-MM-DD) that exists`);
    return date;
  });
  return { timeZone, week, holidays: [...new Set(holidays)].sort() };
}

/** 2026-02-30 matches the pattern, and Date.parse rolls it over to March: a date exists when it reads back the same. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const read = new Date(Date.UTC(year, month - 1, day));
  return read.getUTCFullYear() === year && read.getUTCMonth() === month - 1 && read.getUTCDate() === day;
}

function validRanges(field: string, ranges: unknown): WorkingRange[] {
  if (!Array.isArray(ranges)) throw invalid(field, `${field} must be a list of working ranges`);
  let previousEnd = '00:00';
  return ranges.map((range: Partial<WorkingRange> | null, index) => {
    const at = `${field}[${index}]`;
    const { start, end } = range ?? {};
    if (typeof start !== 'string' || !TIME.test(start) || start === '24:00') throw invalid(`${at}.start`, `${at}.start must be a time HH:MM`);
    if (typeof end !== 'string' || !TIME.test(end)) throw invalid(`${at}.end`, `${at}.end must be a time HH:MM (24:00 for midnight)`);
    if (end <= start) throw invalid(at, `${at} must end after it starts`);
    if (index > 0 && start < previousEnd) throw invalid(at, `${at} must start after the range before it ends`);
    previousEnd = end;
    return { start, end };
  });
}

function validPolicy(data: Versioned<SlaPolicyVersion>, state: SlaConfiguration, effectiveFrom: string): Omit<SlaPolicyVersion, 'name' | 'version' | 'effectiveFrom'> {
  const unknown = Object.keys(data.scope ?? {}).find((key) => key !== 'assignmentGroup' && key !== 'configurationItemId');
  // A misspelt key would leave a policy meant for a group measuring every incident.
  if (unknown !== undefined) throw invalid(`scope.${unknown}`, `scope names only assignmentGroup and configurationItemId, not ${unknown}`);
  const scope = {
    assignmentGroup: optionalText('scope.assignmentGroup', data.scope?.assignmentGroup),
    configurationItemId: optionalText('scope.configurationItemId', data.scope?.configurationItemId),
  };
  if (!Array.isArray(data.targets) || data.targets.length === 0) throw invalid('targets', 'targets must give at least one priority its response and resolution targets');
  const priorities = new Set<number>();
  const targets = data.targets.map((target, index) => {
    const priority = requireOneOf(`targets[${index}].priority`, target?.priority, [1, 2, 3, 4, 5] as const);
    if (priorities.has(priority)) throw invalid(`targets[${index}].priority`, `priority ${priority} has targets twice`);
    priorities.add(priority);
    return { priority, response: validTarget(`targets[${index}].response`, target.response, state, effectiveFrom), resolution: validTarget(`targets[${index}].resolution`, target.resolution, state, effectiveFrom) };
  });
  const atRiskPercent = data.atRiskPercent ?? 75;
  if (!Number.isInteger(atRiskPercent) || atRiskPercent < 1 || atRiskPercent > 99) throw invalid('atRiskPercent', 'atRiskPercent must be a whole number from 1 to 99');
  if (!Array.isArray(data.pausingHoldReasons)) throw invalid('pausingHoldReasons', `pausingHoldReasons must list hold reasons (${HOLD_REASONS.join(', ')})`);
  const pausingHoldReasons = [...new Set(data.pausingHoldReasons.map((reason, index) => requireOneOf(`pausingHoldReasons[${index}]`, reason, HOLD_REASONS)))];
  const onReopen = requireOneOf('onReopen', data.onReopen, ['resume', 'restart'] as const);
  return { scope, targets: targets.sort((a, b) => a.priority - b.priority), atRiskPercent, pausingHoldReasons, onReopen };
}

function validTarget(field: string, target: Partial<SlaTargetDefinition> | undefined, state: SlaConfiguration, effectiveFrom: string): SlaTargetDefinition {
  const minutes = target?.minutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TARGET_MINUTES) throw invalid(`${field}.minutes`, `${field}.minutes must be a whole number of minutes from 1 to ${MAX_TARGET_MINUTES}`);
  const calendar = optionalText(`${field}.calendar`, target?.calendar);
  if (calendar !== null && calendarInForce(state, calendar, effectiveFrom) === null) {
    throw slaError('sla.unknown_calendar', `${field}.calendar: no calendar ${calendar} is in force from ${effectiveFrom}`, { field: `${field}.calendar`, calendar });
  }
  return { minutes, calendar };
}
