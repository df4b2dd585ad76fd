import path from 'node:path';
import { z } from 'zod';
import { AUDIT_VARIABLES, auditConfigOf, type AuditConfig } from './audit-config';
import { AUTH_VARIABLES, authConfigOf, requireOidcCompanions, type AuthConfig } from './auth-config';
import { ConfigError } from './config-error';

export { ConfigError } from './config-error';
import { CORS_VARIABLES, corsOriginsOf, type CorsOrigins } from './cors-config';
import { environmentWithEnvFile } from './env-file';
import { PERSONAL_DATA_VARIABLES, personalDataConfigOf, requireVaultConnection, type PersonalDataConfig } from './personal-data-config';
import { requireRatioSampler, TRACING_VARIABLES, tracingConfigOf, type TracingConfig } from './tracing-config';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const positiveInt = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** Every setting of every app, read once at boot. Names are the environment variables. */
const schema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  COMMAND_API_PORT: port(3000),
  QUERY_API_PORT: port(3001),
  PROJECTOR_PORT: port(3002),
  /** sqlite: the embedded default; esdb: EventStoreDB (KurrentDB-compatible) at EVENTSTORE_URL. */
  EVENT_STORE: z.enum(['sqlite', 'esdb']).default('sqlite'),
  EVENTSTORE_URL: z.string().regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//, 'must be an esdb:// connection string').optional(),
  /** sqlite: the embedded default; mongodb: MongoDB at MONGO_URL. */
  READ_STORE: z.enum(['sqlite', 'mongodb']).default('sqlite'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// connection string').optional(),
  MONGO_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a database name (letters, digits, _ and -)').default('itsm'),
  /** "majority" (default: a write acknowledged by most of the replica set) or a number of members. */
  MONGO_WRITE_CONCERN: z.union([z.literal('majority'), z.coerce.number().int().min(0).max(50)]).default('majority'),
  /** HS256 secret; when absent the embedded default keeps a generated one in DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('itsm-ledger'),
  ...AUTH_VARIABLES,
  ...AUDIT_VARIABLES,
  ...PERSONAL_DATA_VARIABLES,
  /** How long a query with consistentWith waits for the read model. */
  CONSISTENCY_TIMEOUT_MS: positiveInt(5000, 60_000),
  /** How often a command without If-Match is retried after a concurrency conflict. */
  COMMAND_CONFLICT_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
  PROJECTOR_BATCH_SIZE: positiveInt(500, 10_000),
  /** A projector runs a projection while it holds its lease; a standby takes over within this time. */
  PROJECTOR_LEASE_TTL_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  /**
   * How long a CI name may stay held by a CI that does not carry it before recovery in the
   * projector finishes or undoes the command a crash interrupted (normally it takes milliseconds).
   */
  CI_NAME_RECOVERY_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** How often the projector's deadline watcher looks for SLA deadlines passed without their fact. */
  SLA_WATCH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** How often the projector's reactions (a problem resolved resumes its incidents) look for new facts. */
  REACTION_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** How long POST /evidence-packs waits for the pack before answering 202 with a job to poll. */
  EVIDENCE_PACK_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Evidence packs the query API makes at once; more are refused with 429. */
  EVIDENCE_PACKS_AT_ONCE: positiveInt(2, 16),
  /** How often a SQLite subscriber in another process looks for new events. */
  EVENT_POLL_INTERVAL_MS: positiveInt(25, 5000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Largest request body; a larger one is refused with 413 before it is parsed. */
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
  /** How long a request (headers and body) may take to arrive; a slower one is answered 408 and closed. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Abuse control (OWASP API4): requests per minute per token subject and per client address; false switches both off. */
  RATE_LIMIT_ENABLED: z.stringbool().default(true),
  RATE_LIMIT_PER_TOKEN_PER_MINUTE: positiveInt(600, 1_000_000),
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: positiveInt(3000, 1_000_000),
  ...CORS_VARIABLES,
  ...TRACING_VARIABLES,
});

export interface AppConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly ports: { readonly commandApi: number; readonly queryApi: number; readonly projector: number };
  readonly eventStore:
    | { readonly kind: 'sqlite'; readonly filename: string; readonly pollIntervalMs: number }
    | { readonly kind: 'esdb'; readonly connectionString: string };
  readonly readStore:
    | { readonly kind: 'sqlite'; readonly filename: string }
    | { readonly kind: 'mongodb'; readonly url: string; readonly database: string; readonly writeConcern: 'majority' | number };
  readonly auth: AuthConfig;
  readonly audit: AuditConfig;
  readonly personalData: PersonalDataConfig;
  readonly consistencyTimeoutMs: number;
  readonly commandConflictRetries: number;
  readonly projectorBatchSize: number;
  readonly projectorLeaseTtlMs: number;
  readonly ciNameRecoveryGraceMs: number;
  readonly slaWatchIntervalMs: number;
  readonly reactionIntervalMs: number;
  readonly evidencePacks: { readonly waitMs: number; readonly atOnce: number };
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  readonly http: { readonly bodyLimitBytes: number; readonly requestTimeoutMs: number; readonly rateLimit: RateLimitSettings | null; readonly corsOrigins: CorsOrigins };
  /** null: tracing is off (the default). */
  readonly tracing: TracingConfig | null;
}

/** Requests allowed per minute; null in AppConfig when RATE_LIMIT_ENABLED=false. */
export interface RateLimitSettings {
  readonly perTokenPerMinute: number;
  readonly perAddressPerMinute: number;
}

/** A server-backed store needs its connection string; the embedded default needs nothing. */
function requireConnectionStrings(env: z.infer<typeof schema>, context: z.RefinementCtx): void {
  if (env.EVENT_STORE === 'esdb' && !env.EVENTSTORE_URL) {
    context.addIssue({ code: 'custom', path: ['EVENTSTORE_URL'], message: 'is required when EVENT_STORE=esdb' });
  }
  if (env.READ_STORE === 'mongodb' && !env.MONGO_URL) {
    context.addIssue({ code: 'custom', path: ['MONGO_URL'], message: 'is required when READ_STORE=mongodb' });
  }
}

/** Every setting's name: what `.env` and `.env.example` may hold. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** The configuration from `env`; by default the process's environment over the `.env` file's (env-file.ts). */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = environmentWithEnvFile(CONFIG_VARIABLES)): AppConfig {
  const parsed = schema.superRefine(requireConnectionStrings).superRefine(requireOidcCompanions).superRefine(requireVaultConnection).superRefine(requireRatioSampler).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), reason: issue.message })));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    dataDir,
    host: e.HOST,
    ports: { commandApi: e.COMMAND_API_PORT, queryApi: e.QUERY_API_PORT, projector: e.PROJECTOR_PORT },
    eventStore:
      e.EVENT_STORE === 'esdb'
        ? { kind: 'esdb', connectionString: e.EVENTSTORE_URL as string }
        : { kind: 'sqlite', filename: path.join(dataDir, 'events.sqlite'), pollIntervalMs: e.EVENT_POLL_INTERVAL_MS },
    readStore:
      e.READ_STORE === 'mongodb'
        ? { kind: 'mongodb', url: e.MONGO_URL as string, database: e.MONGO_DATABASE, writeConcern: e.MONGO_WRITE_CONCERN }
        : { kind: 'sqlite', filename: path.join(dataDir, 'read-models.sqlite') },
    auth: authConfigOf(e),
    audit: auditConfigOf(e, dataDir),
    personalData: personalDataConfigOf(e, dataDir),
    consistencyTimeoutMs: e.CONSISTENCY_TIMEOUT_MS,
    commandConflictRetries: e.COMMAND_CONFLICT_RETRIES,
    projectorBatchSize: e.PROJECTOR_BATCH_SIZE,
    projectorLeaseTtlMs: e.PROJECTOR_LEASE_TTL_MS,
    ciNameRecoveryGraceMs: e.CI_NAME_RECOVERY_GRACE_MS,
    slaWatchIntervalMs: e.SLA_WATCH_INTERVAL_MS,
    reactionIntervalMs: e.REACTION_INTERVAL_MS,
    evidencePacks: { waitMs: e.EVIDENCE_PACK_WAIT_MS, atOnce: e.EVIDENCE_PACKS_AT_ONCE },
    logLevel: e.LOG_LEVEL,
    http: {
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      rateLimit: e.RATE_LIMIT_ENABLED
        ? { perTokenPerMinute: e.RATE_LIMIT_PER_TOKEN_PER_MINUTE, perAddressPerMinute: e.RATE_LIMIT_PER_ADDRESS_PER_MINUTE }
        : null,
      corsOrigins: corsOriginsOf(e.CORS_ORIGINS),
    },
    tracing: tracingConfigOf(e),
  };
}
