import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_APPROVAL_POLICY,
  DEFAULT_RISK_POLICY,
  detectConflicts,
  type AffectedService,
  type AssessmentRequest,
  type CalendarChange,
  type ChangeConflict,
  type CiCriticality,
  type ServiceCriticality,
  type TimeWindow,
} from '@itsm/domain';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import {
  asCalendarBlackout,
  BLACKOUT_WINDOWS_KEY,
  CHANGE_CALENDAR_KEY,
  CI_RELATIONSHIP_EDGES_KEY,
  CONFIGURATION_ITEMS_KEY,
  findAffectedServices,
  findBlackoutWindows,
  findCalendar,
  findFailureEdgesTouching,
  pastChangeStats,
  waitForPosition,
} from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { APP_CONFIG, EVENT_STORE, READ_STORE } from '@itsm/platform';

const CRITICALITY: Readonly<Record<CiCriticality, ServiceCriticality>> = { 1: 'critical', 2: 'high', 3: 'medium', 4: 'low' };
/** Changes that hold a slot on the calendar: a draft or a request still being approved does not. */
const CALENDAR_STATES = ['authorized', 'scheduled', 'implementing'] as const;
const CALENDAR_PAGE = 500;
/** The read models a change decision consults. */
const CONSULTED = [CHANGE_CALENDAR_KEY, BLACKOUT_WINDOWS_KEY, CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY];

/**
 * What a change decision needs and the pure decider can't see, looked up in the read models: the
 * services at stake and the track record of the CIs (risk inputs), and the calendar (conflicts).
 * Read models lag the log a little, so each lookup first waits (bounded) until they have passed the
 * head of the log: a change scheduled a moment ago is then seen as a conflict. If they do not catch
 * up in time, the decision records what was known, which is what the CAB saw.
 */
@Injectable()
export class ChangeLookups {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'consistencyTimeoutMs'>,
  ) {}

  async assessmentRequest(ciIds: readonly string[]): Promise<AssessmentRequest> {
    await this.caughtUp();
    const [affectedServices, pastChanges] = await Promise.all([this.affectedServices(ciIds), pastChangeStats(this.store, ciIds)]);
    return { affectedServices, pastChanges, riskPolicy: DEFAULT_RISK_POLICY, approvalPolicy: DEFAULT_APPROVAL_POLICY };
  }

  async conflicts(change: CalendarChange): Promise<readonly ChangeConflict[]> {
    await this.caughtUp();
    const range = { from: change.window.start, to: change.window.end };
    const [others, edges, blackouts] = await Promise.all([
      this.calendar(change.window),
      findFailureEdgesTouching(this.store, change.affectedCiIds),
      findBlackoutWindows(this.store, range),
    ]);
    return detectConflicts(change, others, edges, blackouts.map(asCalendarBlackout));
  }

  private async caughtUp(): Promise<void> {
    const head = await this.events.headPosition();
    if (head !== null) await waitForPosition(this.store, CONSULTED, head, { timeoutMs: this.config.consistencyTimeoutMs, pollMs: 10 });
  }

  /**
   * Services among the CIs themselves, and services a failure of any of them would reach: one walk
   * from all the CIs at once, by id; past the walk's cap, 422 ci.impact_too_large.
   */
  private async affectedServices(ciIds: readonly string[]): Promise<AffectedService[]> {
    const services = await findAffectedServices(this.store, ciIds);
    return services.map((service) => ({ serviceId: service.ciId, criticality: CRITICALITY[service.criticality] }));
  }

  private async calendar(window: TimeWindow): Promise<CalendarChange[]> {
    const changes: CalendarChange[] = [];
    let cursor: string | null = null;
    do {
      const page = await findCalendar(this.store, { from: window.start, to: window.end, state: CALENDAR_STATES, limit: CALENDAR_PAGE, cursor });
      changes.push(...page.items.map((entry) => ({ changeId: entry.id, affectedCiIds: entry.ciIds, window: entry.window })));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return changes;
  }
}
