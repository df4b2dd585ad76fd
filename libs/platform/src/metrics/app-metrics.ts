import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PENDING_EVENTS_COUNTED } from '../health/store-checks';
import type { HealthCheck } from '../health/health';

/** Seconds, from a fast read to a slow command. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One app's Prometheus metrics, in a registry of its own (several apps share a process in the specs).
 * Counted where things happen (requests, appends, commands, consistentWith waits); the state of the
 * dependencies and how far each projection trails the log are read when scraped, from the same
 * checks /health runs.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({ name: 'http_requests_total', help: 'Requests answered, by method, route and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer a request, by method, route and status', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly commands = new Counter({ name: 'commands_total', help: 'Commands by type and outcome: recorded, unchanged (decided nothing), replayed (a repeat), refused (a rule), conflict (lost a race after its retries), failed', labelNames: ['command', 'outcome'], registers: [this.registry] });
  readonly conflicts = new Counter({ name: 'command_conflicts_total', help: 'Concurrency conflicts met by commands, retried or not', labelNames: ['command'], registers: [this.registry] });
  readonly appendBatch = new Histogram({ name: 'event_store_append_batch_size', help: 'Events per append', buckets: [1, 2, 3, 5, 10, 20, 50, 100, 500], registers: [this.registry] });
  readonly appendDuration = new Histogram({ name: 'event_store_append_duration_seconds', help: 'Time an append took', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly consistencyWaits = new Counter({ name: 'consistency_waits_total', help: 'Queries that waited for consistentWith, by outcome: reached or timeout', labelNames: ['outcome'], registers: [this.registry] });
  readonly consistencyWaitDuration = new Histogram({ name: 'consistency_wait_seconds', help: 'How long a consistentWith query waited for the read model', buckets: LATENCY_BUCKETS, registers: [this.registry] });

  /** The checks a scrape runs: the app's own, given by its MetricsController (none until then). */
  private checks: readonly HealthCheck[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Read on each scrape: the checks run once, and every gauge below waits for that one run.
    let scraping: Promise<void> | null = null;
    const scrapeOnce = () => (scraping ??= scrape().finally(() => (scraping = null)));
    const gauge = (name: string, help: string, label: string) => new Gauge({ name, help, labelNames: [label], registers: [this.registry], collect: scrapeOnce });
    const up = gauge('dependency_up', 'Whether each health check passes (1) or not (0)', 'check');
    const lagSeconds = gauge('projection_lag_seconds', 'Age of the oldest event a projection has not applied yet (0 at the head)', 'projection');
    const paused = gauge('projection_paused', 'Whether a projection is paused at an event it cannot apply (1), waiting for an admin', 'projection');
    const lagEvents = gauge('projection_lag_events', `Events of the log after a projection's checkpoint (counted up to ${PENDING_EVENTS_COUNTED})`, 'projection');
    const scrape = async () => {
      up.reset();
      lagSeconds.reset();
      lagEvents.reset();
      paused.reset();
      for (const check of this.checks) {
        const report = await check.run().catch((error: Error) => ({ up: false, error: error.message }));
        up.set({ check: check.name }, report.up ? 1 : 0);
        for (const lag of (report as { projections?: readonly ProjectionLagReport[] }).projections ?? []) {
          lagSeconds.set({ projection: lag.name }, lag.lagMs / 1000);
          if (lag.pendingEvents !== undefined) lagEvents.set({ projection: lag.name }, lag.pendingEvents);
        }
        for (const runner of (report as { runners?: readonly { name: string; paused?: unknown }[] }).runners ?? []) {
          if (runner.paused !== undefined) paused.set({ projection: runner.name }, runner.paused === null ? 0 : 1);
        }
      }
    };
  }

  /** What a write path reports, counted here (commands, conflicts, appends). */
  readonly writes = {
    appended: (events: number, seconds: number) => {
      this.appendBatch.observe(events);
      this.appendDuration.observe(seconds);
    },
    conflicted: (command: string) => this.conflicts.inc({ command }),
    ended: (command: string, outcome: string) => this.commands.inc({ command, outcome }),
  };

  /** A consistentWith query's wait: whether the read model reached the position in time, and how long it took. */
  waitedForConsistency(reached: boolean, seconds: number): void {
    this.consistencyWaits.inc({ outcome: reached ? 'reached' : 'timeout' });
    this.consistencyWaitDuration.observe(seconds);
  }

  /** One answered request; the route is the pattern matched (`/incidents/:id`), never the raw URL. */
  requestAnswered(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? 'unmatched', status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** Names the app on every series. */
  nameApp(app: string): void {
    this.registry.setDefaultLabels({ app });
  }

  /** The checks a scrape reads the dependencies and the projections' lag from. */
  watch(checks: readonly HealthCheck[]): void {
    this.checks = checks;
  }

  /** The Prometheus text exposition. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}

interface ProjectionLagReport {
  readonly name: string;
  readonly lagMs: number;
  readonly pendingEvents?: number;
}
