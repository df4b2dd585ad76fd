import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value as the log holds it: `pd1:<keyId>:<iv>:<ciphertext and tag>` (base64url),
 * AES-256-GCM under the person's key, the key id bound in as associated data. A string, so a fact
 * keeps its shape whether a field is sealed or not, and a reader without the key sees no clear text.
 */
const PREFIX = 'pd1';
const SEALED = /^pd1:([0-9a-f-]{36}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

export interface SealedValue {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly sealed: Buffer;
}

export function sealValue(keyId: string, key: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(`${PREFIX}:${keyId}`));
  const body = Buffer.concat([cipher.update(padded(JSON.stringify(value)), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}:${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

/**
 * Padded with spaces (which JSON ignores) to a multiple of 32 bytes, so that a ciphertext's length
 * does not tell a name's length.
 */
const PAD = 32;
const padded = (json: string): string => json + ' '.repeat((PAD - (Buffer.byteLength(json) % PAD)) % PAD);

/** The parts of a sealed value; null for anything else (a value recorded in clear). */
export function parseSealed(value: unknown): SealedValue | null {
  if (typeof value !== 'string') return null;
  const match = SEALED.exec(value);
  if (match === null) return null;
  return { keyId: match[1] as string, iv: Buffer.from(match[2] as string, 'base64url'), sealed: Buffer.from(match[3] as string, 'base64url') };
}

/** The value in clear; throws when the key is not the one it was sealed with or the text was changed. */
export function openValue(parsed: SealedValue, key: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv).setAAD(Buffer.from(`${PREFIX}:${parsed.keyId}`));
  decipher.setAuthTag(parsed.sealed.subarray(parsed.sealed.length - 16));
  const clear = Buffer.concat([decipher.update(parsed.sealed.subarray(0, parsed.sealed.length - 16)), decipher.final()]);
  return JSON.parse(clear.toString('utf8'));
}

/**
 * Keys at rest in the vault are wrapped with the vault's master key (AES-256-GCM), so a copy of
 * the vault alone (a backup) opens nothing; the master key is configuration, kept elsewhere.
 */
export function wrapKey(masterKey: Buffer, keyId: string, key: Buffer): string {
  return sealValue(keyId, masterKey, key.toString('base64'));
}

export function unwrapKey(masterKey: Buffer, wrapped: string): Buffer {
  const parsed = parseSealed(wrapped);
  if (parsed === null) throw new Error('A personal data key in the vault is malformed');
  return Buffer.from(openValue(parsed, masterKey) as string, 'base64');
}

export const newDataKey = (): Buffer => randomBytes(32);
