import { randomBytes } from 'node:crypto';
import { openValue, parseSealed, sealValue } from './sealed-value';

const KEY_ID = '7d1f0c2e-1111-4222-8333-944455556666';

describe('A sealed personal value', () => {
  it('opens with its key to what was sealed, and with no other key', () => {
    const key = randomBytes(32);
    const sealed = sealValue(KEY_ID, key, 'Ada Lovelace');
    expect(sealed).toMatch(/^pd1:7d1f0c2e-1111-4222-8333-944455556666:/);
    expect(openValue(parseSealed(sealed)!, key)).toBe('Ada Lovelace');
    expect(() => openValue(parseSealed(sealed)!, randomBytes(32))).toThrow();
    expect(sealValue(KEY_ID, key, 'Ada Lovelace')).not.toBe(sealed); // a fresh IV each time
  });

  it('does not tell the length of what it holds, up to 32 bytes at a time', () => {
    const key = randomBytes(32);
    const lengthOf = (value: string) => parseSealed(sealValue(KEY_ID, key, value))!.sealed.length;
    expect(new Set(['Al', 'Ada Lovelace', 'Bartholomew J. Qu'].map(lengthOf)).size).toBe(1);
    expect(lengthOf('x'.repeat(40))).toBeGreaterThan(lengthOf('Al'));
  });

  it('refuses a changed ciphertext, and a key id other than the one bound in', () => {
    const key = randomBytes(32);
    const sealed = sealValue(KEY_ID, key, 'Ada');
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => openValue(parseSealed(flipped)!, key)).toThrow();
    const otherId = sealed.replace(KEY_ID, '00000000-1111-4222-8333-944455556666');
    expect(() => openValue(parseSealed(otherId)!, key)).toThrow();
    expect(parseSealed('Ada Lovelace')).toBeNull();
  });
});
