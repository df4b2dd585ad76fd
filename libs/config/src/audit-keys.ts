import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { AuditConfig } from './audit-config';
import { createOnce } from './create-once';

export interface AuditKeys {
  /** Null for an app that only verifies. */
  readonly signingKey: KeyObject | null;
  readonly publicKey: KeyObject;
  /** The current public key first, then the retired ones still trusted. */
  readonly trustedPublicKeys: readonly KeyObject[];
}

/**
 * The checkpoint keys, read once at boot. The embedded default's signing key is generated into
 * DATA_DIR on first use, by an atomic link of a complete temp file, as the JWT secret is: three
 * processes start at once and must all end up with the same key.
 */
export function resolveAuditKeys(config: AuditConfig): AuditKeys {
  const signingKey = config.signingKey === null ? null : loadSigningKey(config.signingKey.file, config.signingKey.generated);
  const publicKey = config.publicKeyFile ? createPublicKey(read(config.publicKeyFile, 'AUDIT_PUBLIC_KEY_FILE')) : createPublicKey(signingKey as KeyObject);
  requireEd25519(publicKey, 'AUDIT_PUBLIC_KEY_FILE');
  if (signingKey !== null && !createPublicKey(signingKey).equals(publicKey)) {
    throw new Error('AUDIT_PUBLIC_KEY_FILE does not match AUDIT_SIGNING_KEY_FILE');
  }
  const retired = config.trustedKeysFile ? pemBlocks(read(config.trustedKeysFile, 'AUDIT_TRUSTED_KEYS_FILE')).map((pem) => createPublicKey(pem)) : [];
  retired.forEach((key) => requireEd25519(key, 'AUDIT_TRUSTED_KEYS_FILE'));
  return { signingKey, publicKey, trustedPublicKeys: [publicKey, ...retired] };
}

function loadSigningKey(file: string, generated: boolean): KeyObject {
  if (generated) createOnce(file, () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const key = createPrivateKey(read(file, 'AUDIT_SIGNING_KEY_FILE'));
  requireEd25519(key, 'AUDIT_SIGNING_KEY_FILE');
  return key;
}

function read(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${variable}: cannot read ${file}: ${(error as Error).message}`);
  }
}

function requireEd25519(key: KeyObject, variable: string): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${variable}: the key must be Ed25519, not ${key.asymmetricKeyType ?? key.type}`);
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}
