import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HEALTH_CHECKS, HealthDto, runHealthChecks, type HealthCheck } from './health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

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
}
