import { InProcessApp, tempDataDir } from '../../../test/support/in-process-app';
import { QueryApiModule } from './query-api.module';

type Line = Record<string, unknown>;

/** The JSON lines an app writes, as a spec reads them. */
function aLog() {
  const raw: string[] = [];
  const destination = { write: (chunk: string) => void raw.push(chunk) };
  const lines = () => raw.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Line);
  return { destination, raw, lines };
}

/** Issue 14: structured JSON logs, one access line per request, the framework's wiring at debug. */
describe('Logs', () => {
  const apps: InProcessApp[] = [];
  const start = async (level: 'log' | 'debug') => {
    const log = aLog();
    apps.push(await InProcessApp.start((config) => QueryApiModule.register(config), {}, tempDataDir(), { level, destination: log.destination }));
    return { api: apps.at(-1) as InProcessApp, ...log };
  };
  afterAll(async () => {
    for (const app of apps) await app.stop();
  });

  it('writes one JSON line per request, with its id, route, status, duration and who asked', async () => {
    const { api, lines } = await start('log');
    const before = lines().length;
    await api.request('GET', '/incidents?limit=5', { token: api.token('ann', 'agent'), headers: { 'x-request-id': 'screen-42' } });
    await api.request('GET', '/nowhere');
    const access = lines().slice(before).filter((line) => line['msg'] === 'request');
    expect(access).toEqual([
      expect.objectContaining({ level: 'info', reqId: 'screen-42', method: 'GET', url: '/incidents?limit=5', route: '/incidents', status: 200, subject: 'ann', durationMs: expect.any(Number), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
      expect.objectContaining({ level: 'info', method: 'GET', url: '/nowhere', route: null, status: 404 }),
    ]);
    expect(lines().slice(before)).toHaveLength(2);
  });

  it('keeps the framework’s wiring (modules, every route mapped) at debug, and never writes a colour code', async () => {
    const quiet = await start('log');
    expect(quiet.lines().filter((line) => String(line['msg']).startsWith('Mapped {'))).toEqual([]);
    const chatty = await start('debug');
    const mapped = chatty.lines().filter((line) => String(line['msg']).startsWith('Mapped {'));
    expect(mapped.length).toBeGreaterThan(10);
    expect(new Set(mapped.map((line) => line['level']))).toEqual(new Set(['debug']));
    expect(chatty.raw.join('')).not.toContain(String.fromCharCode(27));
  });
});
