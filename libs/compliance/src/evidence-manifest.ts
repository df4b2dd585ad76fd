import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { zipSync } from 'fflate';
import { canonicalJson, keyIdOf, type Json, type TrustedKeys } from '@itsm/event-store/port';

/**
 * An evidence pack as handed over (issue 12): its files, and the manifest that lists each one's
 * SHA-256 and size, signed Ed25519 with the key that signs the log's checkpoints; the zip that holds
 * them; and the check a receiver runs. buildEvidencePack (evidence-pack.ts) makes the content.
 */
export const EVIDENCE_PACK_FORMAT = 'itsm-evidence-pack/1';

export interface PackFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface ClauseSummary {
  readonly clause: string;
  readonly title: string;
  readonly records: number;
  readonly nonconformities: number;
}

export interface UnsignedManifest {
  readonly format: typeof EVIDENCE_PACK_FORMAT;
  readonly period: { readonly from: string; readonly to: string };
  /** The one time that differs between two runs over the same period. */
  readonly generatedAt: string;
  readonly options: { readonly retrospectiveReviewDays: number };
  /** The log positions of the first and last facts of the period, and how many there are. */
  readonly log: { readonly fromPosition: string | null; readonly toPosition: string | null; readonly events: number };
  readonly verification: { readonly ok: boolean; readonly eventsChecked: number; readonly checkpointsChecked: number; readonly firstBreak: Json };
  /** The configuration versions in force at some moment of the period, each from when (the default matrix when none was defined). */
  readonly inForce: {
    readonly priorityMatrices: readonly VersionInForce[];
    readonly slaPolicies: readonly VersionInForce[];
    readonly businessCalendars: readonly VersionInForce[];
  };
  readonly clauses: readonly ClauseSummary[];
  readonly files: readonly ManifestEntry[];
}

export interface VersionInForce {
  readonly name: string;
  readonly version: string;
  readonly effectiveFrom: string | null;
}

export interface Manifest extends UnsignedManifest {
  readonly signature: { readonly algorithm: 'Ed25519'; readonly keyId: string; readonly value: string };
}

export interface EvidencePack {
  readonly manifest: Manifest;
  /** Every file but the manifest, in a fixed order. */
  readonly files: readonly PackFile[];
}

/** The pack as one zip: its files and manifest.json, each stamped with a fixed time so that equal content gives equal bytes. */
export function zipEvidencePack(pack: EvidencePack): Uint8Array {
  const mtime = new Date('1980-01-01T00:00:00Z');
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const { path, bytes } of [...pack.files, { path: 'manifest.json', bytes: manifestBytes(pack.manifest) }]) entries[path] = [bytes, { mtime }];
  return zipSync(entries, { level: 6 });
}

export function manifestBytes(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function signManifest(unsigned: UnsignedManifest, signingKey: KeyObject): Manifest {
  const value = sign(null, Buffer.from(canonicalJson(unsigned as unknown as Json)), signingKey).toString('base64');
  return { ...unsigned, signature: { algorithm: 'Ed25519', keyId: keyIdOf(createPublicKey(signingKey)), value } };
}

export type PackCheck =
  | { readonly ok: true; readonly keyId: string; readonly files: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a pack as handed over: the manifest's signature by a trusted key, and every file's SHA-256
 * and size against the manifest (a file missing, changed or added is a problem).
 */
export function checkEvidencePack(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>, trusted: TrustedKeys): PackCheck {
  const problems: string[] = [];
  const { signature, ...unsigned } = manifest;
  const key = trusted.get(signature?.keyId ?? '');
  if (key === undefined) problems.push(`manifest.json: signed by ${signature?.keyId ?? 'nobody'}, not a trusted key`);
  else if (!verify(null, Buffer.from(canonicalJson(unsigned as unknown as Json)), key, Buffer.from(signature.value, 'base64'))) problems.push('manifest.json: the signature does not match its content');
  const listed = new Set(manifest.files.map(({ path }) => path));
  for (const entry of manifest.files) {
    const bytes = files.get(entry.path);
    if (bytes === undefined) problems.push(`${entry.path}: missing`);
    else if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) problems.push(`${entry.path}: changed (its SHA-256 is not the manifest's)`);
  }
  for (const path of files.keys()) if (!listed.has(path)) problems.push(`${path}: not in the manifest`);
  return problems.length === 0 ? { ok: true, keyId: signature.keyId, files: manifest.files.length } : { ok: false, problems };
}
