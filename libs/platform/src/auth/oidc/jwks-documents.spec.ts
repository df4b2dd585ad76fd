import { generateKeyPairSync } from 'node:crypto';
import { discoveryUrlOf, maxAgeOf, publishedKeys } from './jwks-documents';

describe('JWKS documents', () => {
  it.each<[string | null, number | undefined]>([
    ['public, max-age=300', 300],
    ['max-age="60", must-revalidate', 60],
    ['no-cache', 0],
    ['private, no-store', 0],
    ['public', undefined],
    [null, undefined],
  ])('Cache-Control %p: keys kept %p s (then clamped between 30 s and a day)', (header, seconds) => {
    expect(maxAgeOf(header)).toBe(seconds);
  });

  it('discovery: the issuer without its trailing slash, then the well-known path', () => {
    expect(discoveryUrlOf('https://sso.example.com/realms/itsm/')).toBe('https://sso.example.com/realms/itsm/.well-known/openid-configuration');
  });

  it('keeps signing keys (RSA, EC) and leaves out encryption keys, HMAC secrets, short RSA keys and keys that do not import', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const keys = publishedKeys({
      keys: [
        { ...rsa, kid: 'sig', alg: 'RS256', use: 'sig' },
        { ...ec, kid: 'ec' },
        { ...rsa, kid: 'enc', use: 'enc' },
        { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' },
        { kty: 'RSA', kid: 'short', n: 'x', e: 'AQAB' },
        { ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: 'rsa-1024' },
        { kty: 'EC', crv: 'P-256', kid: 'broken', x: 'x', y: 'y' },
        'not a key',
      ],
    });
    expect(keys.map(({ kid, alg, key }) => ({ kid, alg, type: key.asymmetricKeyType }))).toEqual([
      { kid: 'sig', alg: 'RS256', type: 'rsa' },
      { kid: 'ec', alg: undefined, type: 'ec' },
    ]);
  });
});
