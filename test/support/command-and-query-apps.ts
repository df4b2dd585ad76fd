import type { EventStore } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { projectEvents, projectionKey, type AnyProjection } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { CommandApiModule } from '../../apps/command-api/src/command-api.module';
import { QueryApiModule } from '../../apps/query-api/src/query-api.module';
import { FIXED_NOW, InProcessApp, tempDataDir } from './in-process-app';

/**
 * The command API (its clock fixed at FIXED_NOW) and the query API in process on one data dir, with
 * the projector's work done by hand: `project()` runs the given projections over the whole log, so a
 * spec decides when the read models catch up.
 */
export class CommandAndQueryApps {
  private constructor(
    readonly commands: InProcessApp,
    readonly queries: InProcessApp,
    readonly events: EventStore,
    readonly reads: ReadStore,
    private readonly projections: readonly AnyProjection[],
  ) {}

  /**
   * `queryConsistencyTimeoutMs`: how long a query waits for consistentWith (short by default: the spec projects by hand).
   * `queryClock`: the query API's now (the real clock by default), for views judged against it.
   * `env`: more settings for both apps.
   */
  static async start(projections: readonly AnyProjection[], queryConsistencyTimeoutMs = 50, queryClock?: () => Date, env: Record<string, string> = {}): Promise<CommandAndQueryApps> {
    const dataDir = tempDataDir();
    // The command side's lookups wait only briefly for read models: they are landed by hand.
    const commands = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), { ...env, CONSISTENCY_TIMEOUT_MS: '20' }, dataDir);
    const queries = await InProcessApp.start((config) => QueryApiModule.register(config, queryClock), { ...env, CONSISTENCY_TIMEOUT_MS: String(queryConsistencyTimeoutMs) }, dataDir);
    const events = await openEventStore(queries.config);
    const reads = await openReadStore(queries.config, 'read-write');
    return new CommandAndQueryApps(commands, queries, events, reads, projections);
  }

  /** The projections over the whole log, as the projector would leave them. */
  async project(): Promise<void> {
    const log = await this.events.readAll();
    const checkpoint = log.at(-1)?.position;
    if (checkpoint === undefined) return;
    for (const projection of this.projections) {
      await this.reads.ensureCollection(projection.collection);
      const documents = projectEvents(projection, log, new Map());
      await this.reads.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), checkpoint);
    }
    // The projector is another process: the query API reads its commits from its next turn of the event loop (ADR 28).
    await new Promise((resolve) => setImmediate(resolve));
  }

  async stop(): Promise<void> {
    await this.events.close();
    await this.reads.close();
    await this.commands.stop(false);
    await this.queries.stop();
  }
}
