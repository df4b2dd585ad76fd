import { ApiProperty } from '@nestjs/swagger';

/** One dependency's report; `up: false` turns the whole health answer into 503. */
export interface HealthReport {
  readonly up: boolean;
  readonly [detail: string]: unknown;
}

export interface HealthCheck {
  readonly name: string;
  run(): Promise<HealthReport>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export class HealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiProperty({ description: 'One report per dependency: event store, read store, projections', type: 'object', additionalProperties: true })
  checks: Record<string, HealthReport>;
}

/** A failing dependency is reported, never thrown: health must answer while things are broken. */
export async function runHealthChecks(checks: readonly HealthCheck[]): Promise<HealthDto> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, HealthReport]> => {
      try {
        return [check.name, await check.run()];
      } catch (error) {
        return [check.name, { up: false, error: (error as Error).message }];
      }
    }),
  );
  const up = results.every(([, report]) => report.up);
  return { status: up ? 'up' : 'down', checks: Object.fromEntries(results) };
}
