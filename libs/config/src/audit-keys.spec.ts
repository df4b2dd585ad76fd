import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './app-config';
import { resolveAuditKeys } from './audit-keys';

describe('checkpoint keys', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-keys-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const pair = (type: 'ed25519' | 'ed448' = 'ed25519') => generateKeyPairSync(type as 'ed25519');

  it('generates the embedded default signing key into DATA_DIR once: every process gets the same key', () => {
    const config = loadConfig({ DATA_DIR: dir }).audit;
    const first = resolveAuditKeys(config);
    const second = resolveAuditKeys(config);

    expect(first.signingKey?.asymmetricKeyType).toBe('ed25519');
    expect(second.publicKey.equals(first.publicKey)).toBe(true);
    expect(fs.statSync(path.join(dir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('uses a configured key and never generates one where an operator pointed', () => {
    const { privateKey } = pair();
    const file = write('signing.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    expect(resolveAuditKeys(loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY_FILE: file }).audit).signingKey?.equals(privateKey)).toBe(true);
    expect(() => resolveAuditKeys(loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY_FILE: path.join(dir, 'missing.pem') }).audit)).toThrow(/AUDIT_SIGNING_KEY_FILE: cannot read/);
  });

  it('verifies with the public key alone, holding no signing key', () => {
    const { publicKey } = pair();
    const keys = resolveAuditKeys(loadConfig({ DATA_DIR: dir, AUDIT_PUBLIC_KEY_FILE: write('public.pem', publicKey.export({ type: 'spki', format: 'pem' }) as string) }).audit);
    expect(keys.signingKey).toBeNull();
    expect(keys.publicKey.equals(publicKey)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'audit-signing-key.pem'))).toBe(false);
  });

  it('trusts retired keys after the current one', () => {
    const [retiredA, retiredB] = [pair().publicKey, pair().publicKey];
    const bundle = [retiredA, retiredB].map((key) => key.export({ type: 'spki', format: 'pem' })).join('\n');
    const keys = resolveAuditKeys(loadConfig({ DATA_DIR: dir, AUDIT_TRUSTED_KEYS_FILE: write('retired.pem', bundle) }).audit);
    expect(keys.trustedPublicKeys.map((key) => key.equals(keys.publicKey) || key.equals(retiredA) || key.equals(retiredB))).toEqual([true, true, true]);
    expect(keys.trustedPublicKeys).toHaveLength(3);
  });

  it('refuses keys that are not Ed25519, and a public key that does not match the signing key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaFile = write('rsa.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    expect(() => resolveAuditKeys(loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY_FILE: rsaFile }).audit)).toThrow(/must be Ed25519, not rsa/);
    const signing = write('signing.pem', pair().privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const other = write('other.pem', pair().publicKey.export({ type: 'spki', format: 'pem' }) as string);
    expect(() => resolveAuditKeys(loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY_FILE: signing, AUDIT_PUBLIC_KEY_FILE: other }).audit)).toThrow(/does not match/);
  });
});
