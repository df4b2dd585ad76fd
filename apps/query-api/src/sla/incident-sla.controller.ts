import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { incidentSla, incidentStream, RECORDED_TERMS, type IncidentEvent, type SlaStep } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { SAMPLE } from '../examples';
import { CLOCK, EVENT_STORE, IncidentIdPipe, invalidField, IsInstant, ProblemException, type Clock } from '@itsm/platform';
import { ApiReads, ApiReadProblems } from '../query-docs';
import { notFound } from '../history/record-past';

class SlaStepDto {
  @ApiProperty({ enum: ['response', 'resolution'] }) metric: string;
  @ApiProperty({ example: 1, description: '1, or more after a reopening that restarts the clock' }) cycle: number;
  @ApiProperty({ enum: ['started', 'paused', 'resumed', 'retargeted', 'stopped', 'breached'] }) kind: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) at: string;
  @ApiProperty({ example: { revision: 0, type: 'IncidentOpened' }, type: 'object', nullable: true, properties: { revision: { type: 'integer' }, type: { type: 'string' } }, description: "The incident's fact that caused it; null for a breach" }) causedBy: { revision: number; type: string } | null;
  @ApiProperty({ example: 0, description: 'Business time used so far, ms' }) elapsedMs: number;
  @ApiProperty({ example: 14_400_000 }) targetMs: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dueAt: string | null;
  @ApiPropertyOptional() holdReason?: string;
  @ApiPropertyOptional() pausedMs?: number;
  @ApiPropertyOptional() met?: boolean;
  @ApiProperty({ example: 'resolution paused: awaiting caller (2 h 10 min used)', description: 'The step in words a service-desk lead can read out' }) words: string;
}

class SlaClockDto {
  @ApiProperty({ enum: ['response', 'resolution'] }) metric: string;
  @ApiProperty({ example: 1 }) cycle: number;
  @ApiProperty({ enum: ['running', 'paused', 'stopped'] }) state: string;
  @ApiProperty({ example: 14_400_000 }) targetMs: number;
  @ApiProperty({ example: 7_800_000, description: 'Business time used at the time of the request (or when it stopped)' }) elapsedMs: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dueAt: string | null;
  @ApiProperty({ example: false }) breached: boolean;
}

class IncidentSlaDto {
  @ApiProperty({ example: { name: 'standard', version: 2 }, type: 'object', nullable: true, properties: { name: { type: 'string' }, version: { type: 'integer' } }, description: 'The policy version it is measured against (in force when it was opened); null when none measures it' }) policy: { name: string; version: number } | null;
  @ApiProperty({ example: [{ name: 'berlin-office', version: 1 }], type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' } } } }) calendars: { name: string; version: number }[];
  @ApiProperty({ type: [SlaStepDto] }) steps: SlaStepDto[];
  @ApiProperty({ type: [SlaClockDto] }) clocks: SlaClockDto[];
}

export class IncidentSlaQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The timeline as it stood at this instant: the facts recorded by then, clocks judged then (default: now)' })
  @IsOptional() @IsInstant() asOf?: string;
}

/**
 * An incident's SLA timeline, folded from its stream (the terms its SlaStarted fact recorded) at the
 * time of the request: deadlines are data, and whether one is breached is evaluated against now, here.
 */
@ApiReads('sla')
@Controller('incidents')
export class IncidentSlaController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/sla')
  @ApiOperation({ summary: "An incident's service levels: every start, pause, resume, retarget, stop and breach of its response and resolution clocks, with the fact that caused it and the business time used, in words too", description: 'Folded from the incident\'s stream with the SLA terms its opening recorded: every start, pause, resume, retarget, stop and breach of its response and resolution clocks, each with the fact that caused it, the business time used and the step in words; and each clock as it stands. With asOf, as it stood then.' })
  @ApiOkResponse({ type: IncidentSlaDto })
  @ApiReadProblems(notFound('incident', 'INC0010001'), notYetOpened('INC0010001', '2026-03-01T00:00:00Z'))
  async sla(@Param('id', IncidentIdPipe) id: string, @Query() query: IncidentSlaQueryDto): Promise<IncidentSlaDto> {
    const recorded = await this.events.readStream(incidentStream(id));
    if (recorded.length === 0) throw notFound('incident', id);
    const now = this.clock().toISOString();
    const asOf = query.asOf === undefined ? now : new Date(query.asOf).toISOString();
    if (asOf > now) throw invalidField('asOf', 'must not be in the future: what is not yet recorded is not known');
    // As an auditor asks it: the facts recorded by then, judged then.
    const facts = recorded
      .filter((event) => event.metadata.occurredAt <= asOf)
      .map((event) => ({ revision: event.revision, occurredAt: event.metadata.occurredAt, event: { type: event.type, data: event.data } as unknown as IncidentEvent }));
    if (facts.length === 0) throw notYetOpened(id, asOf);
    const sla = incidentSla(facts, RECORDED_TERMS, asOf);
    return { ...sla, calendars: [...sla.calendars], clocks: [...sla.clocks], steps: sla.steps.map((step) => ({ ...step, words: inWords(step) })) };
  }
}

/** asOf before the incident was opened: there is nothing to measure yet. */
export function notYetOpened(id: string, asOf: string): ProblemException {
  return new ProblemException(404, 'incident.not_yet_opened', `Incident ${id} was opened after ${asOf}`, [{ field: 'asOf', reason: 'before the incident was opened' }]);
}

/** A duration as people say it: 2 h 10 min, 45 min, 3 d 1 h (whole minutes). */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [days, hours, rest] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const parts = [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', rest > 0 || minutes === 0 ? `${rest} min` : ''].filter((part) => part !== '');
  return parts.join(' ');
}

function inWords(step: SlaStep): string {
  const used = `${duration(step.elapsedMs)} of ${duration(step.targetMs)} used`;
  switch (step.kind) {
    case 'started':
      return `${step.metric} clock started: ${duration(step.targetMs)} to go`;
    case 'paused':
      return `${step.metric} paused: ${(step.holdReason ?? 'on hold').replace(/_/g, ' ')} (${used})`;
    case 'resumed':
      return step.pausedMs !== undefined ? `${step.metric} resumed after ${duration(step.pausedMs)} paused (${used})` : `${step.metric} resumed on reopening (${used})`;
    case 'retargeted':
      return `${step.metric} target now ${duration(step.targetMs)} (${duration(step.elapsedMs)} used)`;
    case 'stopped':
      return `${step.metric} ${step.met ? 'met' : 'breached'}: ${used}`;
    case 'at_risk':
      return `${step.metric} at risk: ${used}, due ${step.dueAt ?? 'when it resumes'}`;
    case 'breached':
      return `${step.metric} breached: ${duration(step.targetMs)} used up`;
  }
}
