import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { calendarInForce, SLA_CONFIGURATION_STREAM, slaConfigurationDecider, versionInForce, type SlaConfiguration, type SlaPolicyVersion } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@itsm/platform';
import { foldStream, pageInMemory } from '@itsm/projections';
import { SAMPLE } from '../examples';
import { Consistency } from '../consistency';
import { page, PageQueryDto } from '../page-query.dto';
import { ApiReads } from '../query-docs';

class CalendarVersionDto {
  @ApiProperty({ example: 'berlin-office' }) name: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) effectiveFrom: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'object', properties: { start: { type: 'string', example: '09:00' }, end: { type: 'string', example: '17:00' } } } }, description: 'Sunday first' })
  week: { start: string; end: string }[][];
  @ApiProperty({ example: ['2026-12-25'], type: [String] }) holidays: string[];
}

class CalendarDto {
  @ApiProperty({ example: 'berlin-office' }) name: string;
  @ApiProperty({ type: CalendarVersionDto, nullable: true, description: 'The version in force now; null before the first takes effect' }) inForce: CalendarVersionDto | null;
  @ApiProperty({ type: [CalendarVersionDto], description: 'In the order they take effect' }) versions: CalendarVersionDto[];
}

class CalendarsDto {
  @ApiProperty({ type: [CalendarDto], description: 'By name' }) items: CalendarDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

/** A policy version as POST /sla-policies recorded it. */
const POLICY_VERSION = {
  name: 'standard', version: 2, effectiveFrom: SAMPLE.at, scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75,
  targets: [{ priority: 1, response: { minutes: 15, calendar: null }, resolution: { minutes: 240, calendar: 'berlin-office' } }], pausingHoldReasons: ['awaiting_caller'], onReopen: 'resume',
};

class PolicyDto {
  @ApiProperty({ example: 'standard' }) name: string;
  @ApiProperty({ example: POLICY_VERSION, type: 'object', nullable: true, additionalProperties: true, description: 'The version in force now (targets, scope, atRiskPercent, pausingHoldReasons, onReopen); null before the first' }) inForce: SlaPolicyVersion | null;
  @ApiProperty({ example: [POLICY_VERSION], type: 'array', items: { type: 'object', additionalProperties: true }, description: 'In the order they take effect' }) versions: SlaPolicyVersion[];
}

class PoliciesDto {
  @ApiProperty({ type: [PolicyDto], description: 'By name' }) items: PolicyDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

/** Business calendars and SLA policies, read from the log (one short stream): every version, and the one in force now. */
@ApiReads('sla')
@Controller()
export class SlaConfigurationQueryController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consistency: Consistency,
  ) {}

  @Get('business-calendars')
  @ApiOperation({ summary: 'Every business calendar, by name, a page at a time: its versions and the one in force now', description: 'Read from the log: each calendar by name with every version (time zone, working week, holidays) and the one in force now. A page at a time, by name.' })
  @ApiOkResponse({ type: CalendarsDto })
  async calendars(@Query() query: PageQueryDto): Promise<CalendarsDto> {
    const configuration = await this.configuration(query);
    const now = this.clock().toISOString();
    const items = Object.entries(configuration.calendars)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, versions]) => ({ name, inForce: calendarInForce(configuration, name, now) as CalendarVersionDto | null, versions: versions as CalendarVersionDto[] }));
    return pageInMemory(items, page(query));
  }

  @Get('sla-policies')
  @ApiOperation({ summary: 'Every SLA policy, by name, a page at a time: its versions and the one in force now', description: 'Read from the log: each policy by name with every version (scope, targets per priority, at-risk share, pausing hold reasons, what a reopening does) and the one in force now. A page at a time, by name.' })
  @ApiOkResponse({ type: PoliciesDto })
  async policies(@Query() query: PageQueryDto): Promise<PoliciesDto> {
    const configuration = await this.configuration(query);
    const now = this.clock().toISOString();
    const items = Object.entries(configuration.policies)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, versions]) => ({ name, inForce: versionInForce(versions, now), versions: [...versions] }));
    return pageInMemory(items, page(query));
  }

  /** Read from the log itself: nothing to wait for, but a position the log has not reached is refused like anywhere else. */
  private async configuration(query: PageQueryDto): Promise<SlaConfiguration> {
    await this.consistency.check(query.consistentWith);
    return foldStream(this.events, SLA_CONFIGURATION_STREAM, slaConfigurationDecider);
  }
}
