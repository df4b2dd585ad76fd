import { Controller, Get, Inject, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HEALTH_CHECKS, HealthDto, ProbeDto, runHealthChecks, type HealthCheck } from './health';

@ApiTags('health')
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
  @ApiOperation({ summary: 'Store connectivity, projection lag and the integrity of the log; 503 when a dependency is down, status degraded (200) when the log failed verification' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const result = await runHealthChecks(this.checks);
    void reply.status(result.status === 'down' ? 503 : 200);
    return result;
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it when this fails); looks at no dependency' })
  @ApiOkResponse({ type: ProbeDto })
  live(): ProbeDto {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 while its stores answer and it is not shutting down, 503 otherwise (send it no traffic then); a log that failed verification does not make it unready' })
  @ApiOkResponse({ type: ProbeDto })
  @ApiServiceUnavailableResponse({ type: ProbeDto })
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
