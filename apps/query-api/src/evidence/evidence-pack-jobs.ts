import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { buildEvidencePack, zipEvidencePack, type Manifest } from '@itsm/compliance';
import { trustedKeys, type EventStore } from '@itsm/event-store';
import type { AuditKeys } from '@itsm/config';

export interface EvidencePackRequest {
  readonly from: string;
  readonly to: string;
  readonly retrospectiveReviewDays: number;
  readonly requestedBy: string;
}

export type EvidencePackJob = EvidencePackRequest & {
  readonly id: string;
  readonly requestedAt: string;
} & (
    | { readonly status: 'running' }
    | { readonly status: 'ready'; readonly finishedAt: string; readonly zip: Uint8Array; readonly manifest: Manifest }
    | { readonly status: 'failed'; readonly finishedAt: string; readonly error: string }
  );

/** Made packs kept at most, the oldest forgotten first: each is held in memory until fetched or expired. */
const KEPT_PACKS = 20;

/**
 * The log read one call at a time, each after the event loop has had its turn. The embedded store
 * answers synchronously, so a pack read straight through would hold every other request (and
 * /health) until it is made.
 */
export function givingWay(store: EventStore): EventStore {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    append: (stream, events, expected) => store.append(stream, events, expected),
    readStream: async (stream, options) => (await turn(), store.readStream(stream, options)),
    readAll: async (options) => (await turn(), store.readAll(options)),
    subscribe: (options) => store.subscribe(options),
    headPosition: async () => (await turn(), store.headPosition()),
    close: () => store.close(),
  };
}

export class EvidencePacksBusyError extends Error {
  constructor(readonly running: number) {
    super(`${running} evidence packs are being made already; ask again shortly`);
    this.name = 'EvidencePacksBusyError';
  }
}

export interface EvidencePackJobOptions {
  /** Packs made at once by this process; more are refused (429) rather than queued without end. */
  readonly maxRunning: number;
  /** How long a finished pack is kept to be fetched. */
  readonly keepMs: number;
  readonly clock: () => Date;
}

/**
 * Evidence packs made in the background of the query API: a job per request, kept in this process
 * (a restart forgets them; the pack can be asked for again, and is the same, being computed from the log).
 */
export class EvidencePackJobs {
  private readonly jobs = new Map<string, EvidencePackJob>();
  private readonly settled = new Map<string, Promise<void>>();

  private readonly events: EventStore;

  constructor(
    events: EventStore,
    private readonly keys: () => AuditKeys,
    private readonly options: EvidencePackJobOptions,
  ) {
    this.events = givingWay(events);
  }

  /** Starts a job; throws EvidencePacksBusyError when `maxRunning` are running. */
  start(request: EvidencePackRequest, signingKey: KeyObject): EvidencePackJob {
    this.forgetExpired();
    const running = [...this.jobs.values()].filter((job) => job.status === 'running').length;
    if (running >= this.options.maxRunning) throw new EvidencePacksBusyError(running);
    const job: EvidencePackJob = { ...request, id: randomUUID(), requestedAt: this.options.clock().toISOString(), status: 'running' };
    this.jobs.set(job.id, job);
    this.settled.set(job.id, this.run(job, signingKey));
    return job;
  }

  get(id: string): EvidencePackJob | null {
    this.forgetExpired();
    return this.jobs.get(id.toLowerCase()) ?? null;
  }

  /** The job as it stands once finished or after `ms`, whichever comes first. */
  async waitFor(id: string, ms: number): Promise<EvidencePackJob | null> {
    const settled = this.settled.get(id);
    if (settled !== undefined && ms > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    }
    return this.get(id);
  }

  private async run(job: EvidencePackJob, signingKey: KeyObject): Promise<void> {
    const { from, to, retrospectiveReviewDays } = job;
    try {
      const generatedAt = this.options.clock().toISOString();
      const pack = await buildEvidencePack(this.events, { from, to, retrospectiveReviewDays, generatedAt, trusted: trustedKeys(this.keys().trustedPublicKeys) }, signingKey);
      this.jobs.set(job.id, { ...job, status: 'ready', finishedAt: this.options.clock().toISOString(), zip: zipEvidencePack(pack), manifest: pack.manifest });
    } catch (error) {
      this.jobs.set(job.id, { ...job, status: 'failed', finishedAt: this.options.clock().toISOString(), error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.settled.delete(job.id);
    }
  }

  private forgetExpired(): void {
    const oldest = this.options.clock().getTime() - this.options.keepMs;
    for (const [id, job] of this.jobs) if (job.status !== 'running' && Date.parse(job.finishedAt) < oldest) this.jobs.delete(id);
    const finished = [...this.jobs.values()].filter((job) => job.status !== 'running');
    // Map order is the order they were asked for: the oldest go first.
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_PACKS))) this.jobs.delete(job.id);
  }
}
