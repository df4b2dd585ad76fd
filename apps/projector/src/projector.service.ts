import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppConfig } from '@itsm/config';
import { checkpointSigner, LogSealer, trustedKeys, type EventStore, type RecordedEvent } from '@itsm/event-store';
import { ALL_PROJECTIONS, keptLogCheckpoints, LogPass, PassProjection, ProjectionLease, projectionKey } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { finishRecordedErasure, PersonalDataSealer, type PersonalDataVault } from '@itsm/personal-data';
import { APP_CONFIG, AppMetrics, AUDIT_KEYS, CLOCK, EVENT_STORE, PERSONAL_DATA_VAULT, READ_STORE, STORED_EVENT_STORE, type AuditKeysProvider, type Clock } from '@itsm/platform';
import { CiCommandProtocol, CiNameRecoveryRunner, ParentResolutionReaction, ProblemResolutionReaction, ProblemWorkaroundReaction, SlaDeadlineRecorder, WritePath } from '@itsm/write-path';
import { INCIDENT_STREAM_PREFIX, PERSONAL_DATA_ERASURE_STREAM_PREFIX, PROBLEM_STREAM_PREFIX } from '@itsm/domain';
import { CiNameRecoverySweep } from './ci-name-recovery.sweep';
import { LogIntegrityWatch } from './log-integrity.watch';
import { LogReaction } from './log-reaction';
import { pausesInTheLog } from './poison-handling';
import { SlaDeadlineWatch } from './sla-deadline.watch';

/**
 * Runs every projection from its checkpoint for as long as the process lives, all fed from one read
 * of the log (ADR 22: a rebuild reads and parses the log once, not once per projection), and the work that
 * appends events (CI name recovery, the log's verifier and checkpoint signer, the SLA deadline
 * watcher), each only while this process holds its lease: a second projector process is a standby,
 * not a duplicate.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly projections: { readonly runner: PassProjection; readonly lease: ProjectionLease }[];
  readonly nameRecovery: { readonly sweep: CiNameRecoverySweep; readonly lease: ProjectionLease };
  readonly integrity: { readonly watch: LogIntegrityWatch; readonly lease: ProjectionLease };
  readonly deadlines: { readonly watch: SlaDeadlineWatch; readonly lease: ProjectionLease };
  /** A problem's facts told to its incidents: its workaround published to them; its resolution resumes those on hold awaiting it. */
  readonly problemReactions: { readonly reaction: LogReaction; readonly lease: ProjectionLease };
  /** A parent incident's resolution resolves its open children. */
  readonly parentResolution: { readonly reaction: LogReaction; readonly lease: ProjectionLease };
  /** A recorded erasure whose key was not deleted (the command API failed in between) is finished. */
  readonly erasures: { readonly reaction: LogReaction; readonly lease: ProjectionLease };

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(AUDIT_KEYS) auditKeys: AuditKeysProvider,
    @Inject(PERSONAL_DATA_VAULT) vault: PersonalDataVault,
    @Inject(STORED_EVENT_STORE) stored: EventStore,
    metrics: AppMetrics,
  ) {
    const leaseOptions = { owner: this.owner, ttlMs: config.projectorLeaseTtlMs, clock, logger: this.logger };
    const writer = new WritePath(events, { conflictRetries: config.commandConflictRetries, personalData: new PersonalDataSealer(vault), observer: metrics.writes });
    const pass = new LogPass(events, reads, { logger: this.logger });
    this.projections = ALL_PROJECTIONS.map((projection) => {
      // An event the projection cannot apply pauses it alone, recorded in the log, until an admin orders it on.
      const poison = pausesInTheLog(writer, projectionKey(projection), clock, config.reactionIntervalMs);
      const runner = pass.projection(projection, { maxBatchSize: config.projectorBatchSize, poison });
      return { runner, lease: new ProjectionLease(reads, runner, leaseOptions) };
    });
    const recovery = new CiNameRecoveryRunner(writer, new CiCommandProtocol(writer));
    const sweep = new CiNameRecoverySweep(reads, recovery, { graceMs: config.ciNameRecoveryGraceMs, clock, logger: this.logger });
    this.nameRecovery = { sweep, lease: new ProjectionLease(reads, sweep, leaseOptions) };
    // The log's sealing and verification read it as stored: no vault needed, nothing personal read.
    const watch = this.integrityWatch(stored, reads, config, clock, auditKeys);
    this.integrity = { watch, lease: new ProjectionLease(reads, watch, leaseOptions) };
    const deadlines = new SlaDeadlineWatch(reads, new SlaDeadlineRecorder(writer), { intervalMs: config.slaWatchIntervalMs, clock, logger: this.logger });
    this.deadlines = { watch: deadlines, lease: new ProjectionLease(reads, deadlines, leaseOptions) };
    const resolution = new ProblemResolutionReaction(writer);
    const workaround = new ProblemWorkaroundReaction(writer);
    const tellIncidents = async (fact: RecordedEvent) => {
      const told = await workaround.react(fact, clock());
      if (told.length > 0) this.logger.log(`Workaround of ${fact.stream} published to ${told.join(', ')}`);
      const resumed = await resolution.react(fact, clock());
      if (resumed.length > 0) this.logger.log(`Problem resolved (${fact.stream}): resumed ${resumed.join(', ')}`);
    };
    const reaction = new LogReaction(events, reads, tellIncidents, { key: 'problem_reactions', what: 'Problem reactions', streamPrefixes: [PROBLEM_STREAM_PREFIX], intervalMs: config.reactionIntervalMs, logger: this.logger });
    this.problemReactions = { reaction, lease: new ProjectionLease(reads, reaction, leaseOptions) };
    const children = new ParentResolutionReaction(writer);
    const resolveChildren = async (fact: RecordedEvent) => {
      const resolved = await children.react(fact, clock());
      if (resolved.length > 0) this.logger.log(`Parent resolved (${fact.stream}): resolved ${resolved.join(', ')}`);
    };
    const parents = new LogReaction(events, reads, resolveChildren, { key: 'parent_resolution_reaction', what: 'Parent resolution reaction', streamPrefixes: [INCIDENT_STREAM_PREFIX], intervalMs: config.reactionIntervalMs, logger: this.logger });
    this.parentResolution = { reaction: parents, lease: new ProjectionLease(reads, parents, leaseOptions) };
    const erasures = new LogReaction(events, reads, (fact) => finishRecordedErasure(vault, fact), { key: 'personal_data_erasure_reaction', what: 'Personal data erasure reaction', streamPrefixes: [PERSONAL_DATA_ERASURE_STREAM_PREFIX], intervalMs: config.reactionIntervalMs, logger: this.logger });
    this.erasures = { reaction: erasures, lease: new ProjectionLease(reads, erasures, leaseOptions) };
  }

  onApplicationBootstrap(): void {
    this.leases().forEach((lease) => lease.start());
    const keys = [...this.projections.map(({ runner }) => runner.key), this.nameRecovery.sweep.key, this.integrity.watch.key, this.deadlines.watch.key, this.problemReactions.reaction.key, this.parentResolution.reaction.key, this.erasures.reaction.key];
    this.logger.log(`Projector ${this.owner} asking for the leases of ${keys.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.leases().map((lease) => lease.stop()));
  }

  status() {
    return this.projections.map(({ runner, lease }) => ({ ...runner.status(), leaseHeld: lease.holdsLease }));
  }

  reactions() {
    return [
      { ...this.nameRecovery.sweep.status(), leaseHeld: this.nameRecovery.lease.holdsLease },
      { ...this.integrity.watch.status(), leaseHeld: this.integrity.lease.holdsLease },
      { ...this.deadlines.watch.status(), leaseHeld: this.deadlines.lease.holdsLease },
      { ...this.problemReactions.reaction.status(), leaseHeld: this.problemReactions.lease.holdsLease },
      { ...this.parentResolution.reaction.status(), leaseHeld: this.parentResolution.lease.holdsLease },
      { ...this.erasures.reaction.status(), leaseHeld: this.erasures.lease.holdsLease },
    ];
  }

  private leases(): ProjectionLease[] {
    return [...this.projections.map(({ lease }) => lease), this.nameRecovery.lease, this.integrity.lease, this.deadlines.lease, this.problemReactions.lease, this.parentResolution.lease, this.erasures.lease];
  }

  private integrityWatch(events: EventStore, reads: ReadStore, config: AppConfig, clock: Clock, auditKeys: AuditKeysProvider): LogIntegrityWatch {
    const keys = auditKeys();
    if (keys.signingKey === null) throw new Error('The projector signs checkpoints: it needs AUDIT_SIGNING_KEY_FILE (or the embedded default), not only a public key');
    const trusted = trustedKeys(keys.trustedPublicKeys);
    const { checkpointEveryEvents: everyEvents, checkpointEveryMs: everyMs, fullVerifyEveryMs } = config.audit;
    const sealer = new LogSealer(events, { signer: checkpointSigner(keys.signingKey), trusted, everyEvents, everyMs, clock });
    const options = { sealer, trusted, keptCopies: () => keptLogCheckpoints(reads), checkpointEveryMs: everyMs, fullVerifyEveryMs, clock, logger: this.logger };
    return new LogIntegrityWatch(events, options);
  }
}
