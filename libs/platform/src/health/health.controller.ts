import { Controller, Get, Inject, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HEALTH_CHECKS, HealthDto, ProbeDto, runHealthChecks, type HealthCheck } from './health';
import { ApiPublic, ApiTag } from '../http/openapi/operation-docs';

/** For the document: a store down, as the checks report it. */
const STORE_DOWN = { status: 'down', checks: { eventStore: { up: true }, readStore: { up: false, error: 'The read store is unavailable: connection refused' } } };

@ApiTag('health', 'Probes and metrics for operators and load balancers: no token, never rate-limited.')
@ApiPublic()
@Controller('health')
export class HealthController implements OnModuleDestroy {
  /** Set as the app begins to shut down: from then on it is not ready, so balancers send nothing new. */
  private stopping = false;

  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  onModuleDestroy(): void {
    this.stopping = true;
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Store connectivity, projection lag and the integrity of the log; 503 when a dependency is down, status degraded (200) when the log failed verification',
    description: 'One report per check of this app (event store, read store, projections, the log\'s integrity…). 503 when a critical dependency is down; 200 with status degraded while the app serves but a check needs people to act (the log failed verification, a projection paused at an event).',
  })
  @ApiOkResponse({ type: HealthDto, description: 'Up, or degraded', example: { status: 'up', checks: { eventStore: { up: true }, readStore: { up: true } } } })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A critical dependency is down', example: STORE_DOWN })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const result = await runHealthChecks(this.checks);
    void reply.status(result.status === 'down' ? 503 : 200);
    return result;
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it when this fails); looks at no dependency', description: 'Answers 200 while the process can answer at all; it asks no store, so a store outage never gets the app restarted.' })
  @ApiOkResponse({ type: ProbeDto, description: 'The process answers', example: { status: 'up' } })
  live(): ProbeDto {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 while its stores answer and it is not shutting down, 503 otherwise (send it no traffic then); a log that failed verification does not make it unready',
    description: 'Asks the checks as a probe (no counting of pending events), so it stays cheap to poll. Once the app begins to shut down it answers 503, so balancers send it nothing new.',
  })
  @ApiOkResponse({ type: ProbeDto, description: 'Ready for traffic', example: { status: 'up' } })
  @ApiServiceUnavailableResponse({ type: ProbeDto, description: 'Not ready: a store is down, or the app is shutting down', example: { status: 'down', reason: 'readStore down' } })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ProbeDto> {
    if (this.stopping) {
      void reply.status(503);
      return { status: 'down', reason: 'shutting down' };
    }
    const result = await runHealthChecks(this.checks, { probe: true });
    if (result.status !== 'down') return { status: 'up' };
    void reply.status(503);
    const down = Object.entries(result.checks).filter(([, report]) => !report.up).map(([name]) => name);
    return { status: 'down', reason: `${down.join(', ')} down` };
  }
}
