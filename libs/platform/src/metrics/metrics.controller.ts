import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { HEALTH_CHECKS, type HealthCheck } from '../health/health';
import { AppMetrics } from './app-metrics';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: AppMetrics,
    @Inject(HEALTH_CHECKS) checks: HealthCheck[],
  ) {
    metrics.watch(checks);
  }

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics: requests by route and status, commands by outcome and conflicts, appends, consistentWith waits, projection lag (events and seconds), dependencies up, the process' })
  @ApiOkResponse({ description: 'The Prometheus text exposition format', schema: { type: 'string' } })
  metricsText(): Promise<string> {
    return this.metrics.exposition();
  }
}
