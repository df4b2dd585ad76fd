import { constants, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SigningAlgorithm = 'RS256' | 'PS256' | 'ES256';

interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** What the provider answers for a path; shared by its HTTP server and its in-memory fetch. */
interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

type KeyPair = { readonly privateKey: KeyObject; readonly publicKey: KeyObject };

/**
 * Generating a 2048-bit RSA key takes a noticeable fraction of a second, so providers reuse key
 * material: a provider's n-th key of an algorithm is the pool's n-th (distinct within a provider).
 */
const pool: Record<SigningAlgorithm, KeyPair[]> = { RS256: [], PS256: [], ES256: [] };
const generate = (alg: SigningAlgorithm): KeyPair =>
  alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });

function pooled(alg: SigningAlgorithm, index: number): KeyPair {
  while (pool[alg].length <= index) pool[alg].push(generate(alg));
  return pool[alg][index] as KeyPair;
}

/** JWS signatures (RFC 7518 §3): PKCS#1 v1.5, PSS with a 32-byte salt, or ECDSA as r‖s. */
function signature(alg: SigningAlgorithm, privateKey: KeyObject, input: string): string {
  const options =
    alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const }
    : alg === 'PS256' ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : { key: privateKey };
  return sign('sha256', Buffer.from(input), options).toString('base64url');
}

/**
 * A small OpenID provider for tests: its own RSA and EC keys (node:crypto), a discovery document
 * and a JWKS, served on a local port or through an in-memory fetch; keys can be rotated, the
 * provider taken down, and every request it answered is listed.
 */
export class TestIdentityProvider {
  readonly requests: string[] = [];
  /** Sent as Cache-Control: max-age on the JWKS; undefined sends no Cache-Control. */
  maxAgeSeconds: number | undefined = 300;
  private available = true;
  private keys: SigningKey[] = [];
  private unpublished = new Set<string>();
  private server: http.Server | undefined;

  private constructor(readonly issuer: string) {}

  /** Served on 127.0.0.1 at a free port; stop() closes it. */
  static async serve(): Promise<TestIdentityProvider> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const provider = new TestIdentityProvider(`http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/itsm`);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const answer = provider.answer(request.url ?? '/');
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
    provider.server = server;
    return provider;
  }

  /** No socket: use `fetch` below in unit specs. */
  static inMemory(issuer = 'https://idp.example.test/realms/itsm'): TestIdentityProvider {
    return new TestIdentityProvider(issuer);
  }

  get discoveryUrl(): string {
    return `${this.issuer}/.well-known/openid-configuration`;
  }

  get jwksUrl(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  /** Publishes a key (fresh: never used by another provider); the first one signs by default. */
  addKey(alg: SigningAlgorithm = 'RS256', kid: string = randomUUID(), options: { fresh?: boolean } = {}): string {
    const pair = options.fresh ? generate(alg) : pooled(alg, this.keys.filter((key) => key.alg === alg).length);
    this.keys.push({ kid, alg, ...pair });
    return kid;
  }

  /** Stops publishing a key (a rotation's second half); it can still sign, as a thief's copy would. */
  removeKey(kid: string): void {
    this.unpublished.add(kid);
  }

  publicKeyPem(kid: string): string {
    return this.key(kid).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** While down, every request fails: 503 in memory, connection refused after stop(). */
  takeDown(): void {
    this.available = false;
  }

  bringUp(): void {
    this.available = true;
  }

  /** A token with exactly these claims (times included), signed by the key (default: the first). */
  sign(claims: Record<string, unknown>, options: { kid?: string; withoutKid?: boolean } = {}): string {
    const key = this.key(options.kid ?? this.keys[0]?.kid ?? '');
    const input = `${base64url({ alg: key.alg, typ: 'JWT', ...(options.withoutKid ? {} : { kid: key.kid }) })}.${base64url(claims)}`;
    return `${input}.${signature(key.alg, key.privateKey, input)}`;
  }

  /** A hand-made token: any header, signed with HMAC-SHA256 and any secret (or unsigned). */
  static forge(header: object, claims: object, hmacSecret?: string | Buffer): string {
    const input = `${base64url(header)}.${base64url(claims)}`;
    const signature = hmacSecret === undefined ? '' : createHmac('sha256', hmacSecret).update(input).digest('base64url');
    return `${input}.${signature}`;
  }

  /** A fetch that reaches this provider without a socket. */
  readonly fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!url.href.startsWith(this.issuer)) throw new TypeError(`fetch failed: ${url.href} is not this provider`);
    const answer = this.answer(url.pathname);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };

  async stop(): Promise<void> {
    this.available = false;
    const server = this.server;
    if (!server) return;
    server.closeAllConnections(); // fetch keeps connections alive; close() alone would wait for them
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private key(kid: string): SigningKey {
    const key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key) throw new Error(`no key ${kid}`);
    return key;
  }

  private answer(path: string): Answer {
    this.requests.push(path);
    const json = (body: object, headers: Record<string, string> = {}) => ({ status: 200, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
    if (!this.available) return { status: 503, body: 'down', headers: {} };
    const issuerPath = new URL(this.issuer).pathname;
    if (path === `${issuerPath}/.well-known/openid-configuration`) return json({ issuer: this.issuer, jwks_uri: this.jwksUrl });
    if (path === new URL(this.jwksUrl).pathname) {
      const keys = this.keys.filter(({ kid }) => !this.unpublished.has(kid)).map(({ kid, alg, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' }));
      return json({ keys }, this.maxAgeSeconds === undefined ? {} : { 'cache-control': `public, max-age=${this.maxAgeSeconds}` });
    }
    return { status: 404, body: 'not found', headers: {} };
  }
}
