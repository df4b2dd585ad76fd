import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import { HEALTH_CHECKS, HealthController, PlatformModule } from '@itsm/platform';
import { CeilingCommandsController, CeilingQueuesController } from './ceiling.controllers';

/**
 * The no-op ceiling the benchmarks compare the apps with: the platform the apps boot on (PlatformModule:
 * configuration, the JWT guard with its permission table, metrics), built by the same createHttpApp
 * (Fastify, rate limits, ValidationPipe, problem+json), with routes that answer without a store.
 * Bench only: it is not part of any shipped app.
 */
@Module({})
export class CeilingModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CeilingModule,
      imports: [PlatformModule.forApp({ config })],
      controllers: [CeilingCommandsController, CeilingQueuesController, HealthController],
      providers: [{ provide: HEALTH_CHECKS, useValue: [] }],
    };
  }
}
