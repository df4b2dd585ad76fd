import { InProcessApp } from '../../../test/support/in-process-app';
import { CommandApiModule } from '../../command-api/src/command-api.module';
import { QueryApiModule } from './query-api.module';

const DESK = 'https://desk.example.com';
const preflight = (origin: string, method = 'POST') => ({ headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,if-match,idempotency-key' } });

/** Issue 14: a browser app on another origin calls the APIs only when CORS_ORIGINS names it. */
describe('Cross-origin calls from browser apps', () => {
  const apps: InProcessApp[] = [];
  const start = async (env: Record<string, string>, module: 'queries' | 'commands' = 'queries') => {
    const app = await InProcessApp.start((config) => (module === 'queries' ? QueryApiModule.register(config) : CommandApiModule.register(config)), env);
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) await app.stop();
  });

  it('answers the preflight of an origin named, allowing the headers a command sends', async () => {
    const api = await start({ CORS_ORIGINS: `${DESK}, https://board.example.com` }, 'commands');
    const answer = await api.requestRaw('OPTIONS', '/incidents', preflight(DESK));
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(DESK);
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase().split(/, */)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-request-id', 'last-event-id', 'traceparent', 'tracestate']));
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('lets the browser read ETag, Idempotent-Replayed, Retry-After and the request id on an answer', async () => {
    const api = await start({ CORS_ORIGINS: DESK });
    const answer = await api.requestRaw('GET', '/incidents', { token: api.token('ann', 'agent'), headers: { origin: DESK } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(DESK);
    expect(String(answer.headers['access-control-expose-headers']).toLowerCase().split(/, */)).toEqual(expect.arrayContaining(['etag', 'idempotent-replayed', 'retry-after', 'x-request-id']));
  });

  it('allows no other origin', async () => {
    const api = await start({ CORS_ORIGINS: DESK });
    const answer = await api.requestRaw('OPTIONS', '/incidents', preflight('https://evil.example.com', 'GET'));
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect((await api.requestRaw('GET', '/health', { headers: { origin: 'https://evil.example.com' } })).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows nothing by default: a preflight is an unknown route', async () => {
    const api = await start({});
    const answer = await api.requestRaw('OPTIONS', '/incidents', preflight(DESK, 'GET'));
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});
