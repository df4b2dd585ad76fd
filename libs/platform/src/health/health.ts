import { ApiProperty } from '@nestjs/swagger';

/**
 * One dependency's report; `up: false` of a critical check turns the whole answer into 503.
 * `degraded` says the app serves but something is wrong that people must act on (the log failed
 * its integrity checks): the answer is 200 with status "degraded", so balancers keep it in service.
 */
export interface HealthReport {
  readonly up: boolean;
  readonly degraded?: boolean;
  readonly [detail: string]: unknown;
}

export interface HealthCheck {
  readonly name: string;
  /**
   * False for what the app can work without: the command API reports projection lag for
   * operators, but a lagging or unreachable read model must not take commands out of service.
   */
  readonly critical?: boolean;
  /** `probe`: a readiness probe, polled often, asks only what decides it (no counting). */
  run(options?: { readonly probe?: boolean }): Promise<HealthReport>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export class HealthDto {
  @ApiProperty({ enum: ['up', 'degraded', 'down'], description: 'degraded: serving, but a check needs people to act (e.g. the log failed verification)' })
  status: 'up' | 'degraded' | 'down';
  @ApiProperty({ description: 'One report per dependency: event store, read store, projections', type: 'object', additionalProperties: true })
  checks: Record<string, HealthReport>;
}

/** A failing dependency is reported, never thrown: health must answer while things are broken. */
export async function runHealthChecks(checks: readonly HealthCheck[], options: { readonly probe?: boolean } = {}): Promise<HealthDto> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, HealthReport, boolean]> => {
      const critical = check.critical ?? true;
      try {
        return [check.name, await check.run(options), critical];
      } catch (error) {
        return [check.name, { up: false, error: (error as Error).message }, critical];
      }
    }),
  );
  const up = results.every(([, report, critical]) => report.up || !critical);
  const degraded = results.some(([, report]) => report.degraded === true);
  return { status: !up ? 'down' : degraded ? 'degraded' : 'up', checks: Object.fromEntries(results.map(([name, report]) => [name, report])) };
}

/** A probe's answer: liveness or readiness, and why not when down. */
export class ProbeDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';
  @ApiProperty({ required: false, description: 'Why it is not ready: shutting down, or which dependency is down' })
  reason?: string;
}

/** The routes probes, balancers and scrapers poll: public, and never rate-limited. */
export const HEALTH_ROUTES: readonly string[] = ['/health', '/health/live', '/health/ready', '/metrics'];
