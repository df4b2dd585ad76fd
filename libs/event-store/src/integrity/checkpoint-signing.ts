import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { signedPayload, type LogCheckpoint, type UnsignedCheckpoint } from './checkpoint';

/** A public key's short name: the head of the SHA-256 of its DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** The keys whose signatures a verifier accepts, by key id: the current one and any retired ones still trusted. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export function trustedKeys(publicKeys: readonly KeyObject[]): TrustedKeys {
  for (const key of publicKeys) {
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`A checkpoint key must be Ed25519, not ${key.asymmetricKeyType ?? key.type}`);
  }
  return new Map(publicKeys.map((key) => [keyIdOf(key), key]));
}

export interface CheckpointSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  sign(checkpoint: Omit<UnsignedCheckpoint, 'keyId' | 'algorithm'>): LogCheckpoint;
}

export function checkpointSigner(privateKey: KeyObject): CheckpointSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') throw new Error('The checkpoint signing key must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey,
    sign(fields) {
      const unsigned: UnsignedCheckpoint = { ...fields, keyId, algorithm: 'Ed25519' };
      return { ...unsigned, signature: sign(null, signedPayload(unsigned), privateKey).toString('base64') };
    },
  };
}

export function signatureStatus(checkpoint: LogCheckpoint, trusted: TrustedKeys): 'valid' | 'invalid' | 'untrusted' {
  const key = trusted.get(checkpoint.keyId);
  if (key === undefined) return 'untrusted';
  try {
    return verify(null, signedPayload(checkpoint), key, Buffer.from(checkpoint.signature, 'base64')) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
