import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { ALL_PROJECTIONS, ProjectionLease, ProjectionRunner } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { APP_CONFIG, CLOCK, EVENT_STORE, READ_STORE, type Clock } from '@itsm/platform';

/**
 * Runs every projection from its checkpoint for as long as the process lives, each only while this
 * process holds the projection's lease: a second projector process is a standby, not a duplicate.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly projections: { readonly runner: ProjectionRunner; readonly lease: ProjectionLease }[];

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.projections = ALL_PROJECTIONS.map((projection) => {
      const runner = new ProjectionRunner(events, reads, projection, { maxBatchSize: config.projectorBatchSize, logger: this.logger });
      const lease = new ProjectionLease(reads, runner, { owner: this.owner, ttlMs: config.projectorLeaseTtlMs, clock, logger: this.logger });
      return { runner, lease };
    });
  }

  onApplicationBootstrap(): void {
    this.projections.forEach(({ lease }) => lease.start());
    this.logger.log(`Projector ${this.owner} asking for the leases of ${this.projections.map(({ runner }) => runner.key).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.projections.map(({ lease }) => lease.stop()));
  }

  status() {
    return this.projections.map(({ runner, lease }) => ({ ...runner.status(), leaseHeld: lease.holdsLease }));
  }
}
