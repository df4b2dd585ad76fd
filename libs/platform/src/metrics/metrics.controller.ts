import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { HEALTH_CHECKS, type HealthCheck } from '../health/health';
import { AppMetrics } from './app-metrics';
import { ApiPublic, ApiTag } from '../http/openapi/operation-docs';

@ApiTag('health', 'Probes and metrics for operators and load balancers: no token, never rate-limited.')
@ApiPublic()
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
  @ApiOperation({
    summary: 'Prometheus metrics: requests by route and status, commands by outcome and conflicts, appends, consistentWith waits, projection lag (events and seconds), dependencies up, the process',
    description: 'The Prometheus text exposition format (0.0.4), one registry per app. The dependencies and the projection lag are read from the health checks at each scrape.',
  })
  @ApiOkResponse({
    description: 'The Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' }, example: '# HELP http_requests_total Requests answered, by method, route and status\n# TYPE http_requests_total counter\nhttp_requests_total{method="GET",route="/health/ready",status="200"} 42\n' } },
  })
  metricsText(): Promise<string> {
    return this.metrics.exposition();
  }
}
