import { HEALTH_ROUTES, openEventStore } from '@itsm/platform';
import { FIXED_NOW, InProcessApp, type InjectAnswer } from '../../../test/support/in-process-app';
import { CommandApiModule } from '../../command-api/src/command-api.module';
import { QueryApiModule } from './query-api.module';

const limits = (perToken: number, perAddress: number) => ({ RATE_LIMIT_PER_TOKEN_PER_MINUTE: String(perToken), RATE_LIMIT_PER_ADDRESS_PER_MINUTE: String(perAddress) });

const expectRateLimited = (answer: InjectAnswer) => {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 429, code: 'rate_limit.exceeded' });
  expect(answer.headers['content-type']).toContain('application/problem+json');
  expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(60);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
};

/** Issue 8, item 6 (OWASP API4): requests per token and per client address, and the usual security headers. */
describe('Abuse controls', () => {
  const apps: InProcessApp[] = [];
  const start = async (env: Record<string, string>, module: 'queries' | 'commands' = 'queries') => {
    const app = await InProcessApp.start((config) => (module === 'queries' ? QueryApiModule.register(config) : CommandApiModule.register(config, () => FIXED_NOW)), env);
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) await app.stop();
  });

  describe('rate limits', () => {
    it('limits each token subject per minute: 429 problem+json with Retry-After, other tokens unaffected', async () => {
      const api = await start(limits(3, 100));
      const alice = api.token('alice', 'auditor');
      for (let i = 0; i < 3; i++) expect((await api.requestRaw('GET', '/incidents', { token: alice })).status).toBe(200);
      expectRateLimited(await api.requestRaw('GET', '/incidents', { token: alice }));
      expect((await api.requestRaw('GET', '/incidents', { token: api.token('bob', 'auditor') })).status).toBe(200);
    });

    it('limits each client address per minute, with or without a token, before any other work', async () => {
      const api = await start(limits(100, 5));
      const from = (remoteAddress: string, subject: string) => api.requestRaw('GET', '/incidents', { token: api.token(subject, 'auditor'), remoteAddress });
      for (let i = 0; i < 5; i++) expect((await from('10.0.0.1', `user-${i}`)).status).toBe(200);
      expectRateLimited(await from('10.0.0.1', 'someone-new'));
      expectRateLimited(await api.requestRaw('GET', '/incidents', { remoteAddress: '10.0.0.1' }));
      expect((await from('10.0.0.2', 'user-0')).status).toBe(200);
    });

    it('never limits /health and its probes, which probes and load balancers poll', async () => {
      const api = await start(limits(1, 2));
      for (const route of HEALTH_ROUTES) for (let i = 0; i < 5; i++) expect((await api.requestRaw('GET', route)).status).not.toBe(429);
    });

    it('is switched off with RATE_LIMIT_ENABLED=false', async () => {
      const api = await start({ ...limits(1, 1), RATE_LIMIT_ENABLED: 'false' });
      const alice = api.token('alice', 'auditor');
      for (let i = 0; i < 5; i++) expect((await api.requestRaw('GET', '/incidents', { token: alice })).status).toBe(200);
    });

    it('refuses a command beyond the limit without appending anything', async () => {
      const api = await start(limits(2, 100), 'commands');
      const events = await openEventStore(api.config);
      const agent = api.token('alice', 'agent');
      const open = () => api.request('POST', '/incidents', { token: agent, body: { title: 't', description: 'd', caller: 'c', category: 'x', impact: 3, urgency: 3 } });
      expect((await open()).status).toBe(201);
      expect((await open()).status).toBe(201);
      const head = await events.headPosition();
      expectRateLimited(await open());
      expect(await events.headPosition()).toBe(head);
      await events.close();
    });
  });

  describe('security headers', () => {
    let api: InProcessApp;
    beforeAll(async () => {
      api = await start(limits(1000, 1000));
    });

    it.each([
      ['an answer', '/incidents', 200],
      ['a refusal', '/incidents?limit=500', 400],
      ['an unknown route', '/nowhere', 404],
      ['/health', '/health', 200],
    ])('are sent with %s', async (_, url, status) => {
      const answer = await api.requestRaw('GET', url, { token: api.token('audrey', 'auditor') });
      expect(answer.status).toBe(status);
      expect(answer.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': expect.stringContaining('max-age='),
        'referrer-policy': 'no-referrer',
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
    });

    it('keep Swagger UI at /docs working: its scripts and styles are its own, with inline styles and data: images allowed', async () => {
      const page = await api.requestRaw('GET', '/docs');
      expect(page.status).toBe(200);
      const policy = String(page.headers['content-security-policy']);
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect(policy).toContain("img-src 'self' data:");
      expect(policy).not.toContain('upgrade-insecure-requests');
      const scripts = [...String(page.body).matchAll(/<script src="([^"]+)"/g)].map((match) => match[1] as string);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(script).not.toMatch(/^https?:/);
        expect((await api.requestRaw('GET', new URL(script, 'http://app/docs').pathname)).status).toBe(200);
      }
      expect(String(page.body)).not.toMatch(/<script>(?!\s*<\/script>)/);
    });
  });
});
