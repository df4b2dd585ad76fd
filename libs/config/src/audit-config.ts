import path from 'node:path';
import { z } from 'zod';

/** The variables of tamper evidence, spread into the one schema of app-config.ts. */
export const AUDIT_VARIABLES = {
  /**
   * The Ed25519 private key (PKCS#8 PEM) the projector signs checkpoints with. Unset, the embedded
   * default generates one into DATA_DIR on first use; set, it must exist.
   */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** The matching public key (SPKI PEM), for an app that verifies but must not hold the private key. */
  AUDIT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** Public keys of retired signing keys (PEM, one after another) whose checkpoints are still trusted. */
  AUDIT_TRUSTED_KEYS_FILE: z.string().min(1).optional(),
  /** A checkpoint is signed once this many events are unsealed… */
  AUDIT_CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** …or this long after the last one, when something was recorded since. */
  AUDIT_CHECKPOINT_EVERY_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /**
   * How often the projector verifies the whole log against the checkpoints (it also does at start).
   * Hourly: an edit with its chain recomputed is found only by this walk (a command on the stream
   * cannot tell), and at ~47k events/s it costs 3 s an hour for 160k events (docs/benchmarks.md).
   */
  AUDIT_FULL_VERIFY_EVERY_MS: z.coerce.number().int().min(60_000).max(30 * 86_400_000).default(3_600_000),
};

type AuditEnv = z.infer<z.ZodObject<typeof AUDIT_VARIABLES>>;

export interface AuditConfig {
  /** Where the signing key is; `generated` when it is the embedded default's, created on first use. */
  readonly signingKey: { readonly file: string; readonly generated: boolean } | null;
  readonly publicKeyFile: string | null;
  readonly trustedKeysFile: string | null;
  readonly checkpointEveryEvents: number;
  readonly checkpointEveryMs: number;
  readonly fullVerifyEveryMs: number;
}

export function auditConfigOf(e: AuditEnv, dataDir: string): AuditConfig {
  // An app given only the public key verifies; it does not generate a signing key of its own.
  const signingKey = e.AUDIT_SIGNING_KEY_FILE
    ? { file: path.resolve(e.AUDIT_SIGNING_KEY_FILE), generated: false }
    : e.AUDIT_PUBLIC_KEY_FILE
      ? null
      : { file: path.join(dataDir, 'audit-signing-key.pem'), generated: true };
  return {
    signingKey,
    publicKeyFile: e.AUDIT_PUBLIC_KEY_FILE ? path.resolve(e.AUDIT_PUBLIC_KEY_FILE) : null,
    trustedKeysFile: e.AUDIT_TRUSTED_KEYS_FILE ? path.resolve(e.AUDIT_TRUSTED_KEYS_FILE) : null,
    checkpointEveryEvents: e.AUDIT_CHECKPOINT_EVERY_EVENTS,
    checkpointEveryMs: e.AUDIT_CHECKPOINT_EVERY_MS,
    fullVerifyEveryMs: e.AUDIT_FULL_VERIFY_EVERY_MS,
  };
}
