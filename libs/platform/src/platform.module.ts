import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { resolveAuditKeys, resolveJwtSecret, type AppConfig, type AuditKeys } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import type { ReadStore } from '@itsm/read-store';
import { JwtAuthGuard, TOKEN_SETTINGS } from './auth/jwt-auth.guard';
import type { PersonalDataVault, RevealingEventStore } from '@itsm/personal-data';
import { openPersonalDataVault } from '@itsm/personal-data';
import { EVENT_STORE, PERSONAL_DATA_VAULT, READ_STORE, STORED_EVENT_STORE, openEventStore, openReadStore } from './stores/stores';
import { APP_CONFIG, AUDIT_KEYS, CLOCK, type Clock } from './app-tokens';
import { AppMetrics } from './metrics/app-metrics';

export interface PlatformOptions {
  readonly config: AppConfig;
  readonly readStore?: 'read-write' | 'read-only';
  /** Tests pass a fixed clock; the apps use the system clock. */
  readonly clock?: Clock;
}

/** Closes whatever stores this app opened when Nest shuts down. */
class StoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore | null,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.events.close(), this.reads?.close()]);
    await this.vault.close();
  }
}

/**
 * Configuration, stores, authentication and metrics for one app, wired from the validated config.
 * Each app declares HealthController and MetricsController itself, with the HEALTH_CHECKS that fit it.
 */
@Module({})
export class PlatformModule {
  static forApp(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: options.clock ?? (() => new Date()) },
      { provide: TOKEN_SETTINGS, useFactory: () => ({ secret: resolveJwtSecret(config), issuer: config.auth.issuer }) },
      { provide: APP_GUARD, useClass: JwtAuthGuard },
      { provide: PERSONAL_DATA_VAULT, useFactory: () => openPersonalDataVault(config.personalData) },
      { provide: EVENT_STORE, inject: [PERSONAL_DATA_VAULT], useFactory: (vault: PersonalDataVault) => openEventStore(config, vault) },
      { provide: STORED_EVENT_STORE, inject: [EVENT_STORE], useFactory: (events: RevealingEventStore) => events.inner },
      { provide: READ_STORE, useFactory: () => (options.readStore ? openReadStore(config, options.readStore) : null) },
      { provide: AUDIT_KEYS, useFactory: () => once(() => resolveAuditKeys(config.audit)) },
      StoreCloser,
      AppMetrics,
    ];
    return {
      module: PlatformModule,
      global: true,
      providers,
      exports: [APP_CONFIG, AUDIT_KEYS, CLOCK, TOKEN_SETTINGS, EVENT_STORE, STORED_EVENT_STORE, READ_STORE, PERSONAL_DATA_VAULT, AppMetrics],
    };
  }
}

/** What AUDIT_KEYS provides: the keys, resolved the first time they are asked for. */
export type AuditKeysProvider = () => AuditKeys;

function once(resolve: () => AuditKeys): AuditKeysProvider {
  let keys: AuditKeys | undefined;
  return () => (keys ??= resolve());
}
