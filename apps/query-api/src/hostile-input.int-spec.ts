import { Logger } from '@nestjs/common';
import { InProcessApp, type InjectAnswer } from '../../../test/support/in-process-app';
import { QueryApiModule } from './query-api.module';

const ID = '4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c';
/** Every endpoint that answers a page, each capped at 200 items. */
const LIST_ENDPOINTS = [
  '/incidents?',
  `/incidents/${ID}/work-notes?`,
  `/incidents/${ID}/comments?`,
  '/queues/service-desk?',
  '/queues/unassigned?',
  '/queues/assignee/alice?',
  '/cis?',
  `/cis/${ID}/relationships?direction=outgoing&`,
  `/cis/${ID}/impact?`,
  `/cis/${ID}/history?`,
  '/changes?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&',
  `/changes/${ID}/approvals?`,
  '/cab/agenda?',
];

/**
 * Issue 8: what an attacker sent the query API. Every answer is a 4xx problem+json with a stable
 * code (and errors[] naming the parameter), and nothing is logged as a crash.
 */
describe('Query API refuses hostile input', () => {
  let api: InProcessApp;
  let auditor: string;
  let crashes: jest.SpyInstance;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    auditor = api.token('audrey', 'auditor');
    crashes = jest.spyOn(Logger.prototype, 'error');
  });
  beforeEach(() => crashes.mockClear());
  afterAll(async () => {
    crashes.mockRestore();
    await api.stop();
  });

  const get = (url: string) => api.requestRaw('GET', url, { token: auditor });
  const refused = async (url: string, status: number, code: string): Promise<InjectAnswer> => {
    const answer = await get(url);
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(crashes).not.toHaveBeenCalled();
    return answer;
  };
  const fields = (answer: InjectAnswer) => (answer.body.errors ?? []).map((e: { field: string }) => e.field);

  describe('time ranges', () => {
    it.each(['2026-W01', '2026-W01-1', '2026-001', '2026-03-01', '2026-02-30T00:00:00Z', '2026-03-01T00:00:00'])('400 naming from for from=%s', async (from) => {
      const to = '2026-04-01T00:00:00Z';
      expect(fields(await refused(`/changes?from=${from}&to=${to}`, 400, 'request.invalid'))).toEqual(['from']);
      expect(fields(await refused(`/blackout-windows?from=${from}&to=${to}`, 400, 'request.invalid'))).toEqual(['from']);
      expect(fields(await refused(`/cmdb/as-of?at=${from}`, 400, 'request.invalid'))).toEqual(['at']);
    });

    it('400 naming to for an ISO week in to', async () => {
      expect(fields(await refused('/changes?from=2026-03-01T00:00:00Z&to=2026-W20', 400, 'request.invalid'))).toEqual(['to']);
    });
  });

  describe('page sizes', () => {
    it.each(LIST_ENDPOINTS)('caps limit at 200 on %s', async (url) => {
      expect(fields(await refused(`${url}limit=201`, 400, 'request.invalid'))).toEqual(['limit']);
      expect(fields(await refused(`${url}limit=many`, 400, 'request.invalid'))).toContain('limit');
      const largest = await get(`${url}limit=200`);
      expect([200, 404]).toContain(largest.status);
    });
  });

  describe('text in the query string and the path', () => {
    it.each([
      ['/incidents?group=desk%00', 'group'],
      ['/queues/unassigned?group=desk%0A', 'group'],
      ['/cis?class=server%1B', 'class'],
      ['/cis?group=infra%C2%85', 'group'],
      ['/changes?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&ci=a%0Db', 'ci'],
      ['/incidents?constructor=x', 'constructor'],
      ['/queues/desk%00', 'group'],
      ['/queues/assignee/bob%0A', 'assignee'],
    ])('400 for a control character or a reserved key: %s', async (url, field) => {
      expect(fields(await refused(url, 400, 'request.invalid'))).toEqual([field]);
    });
  });

  describe("Fastify's own refusals", () => {
    it('414 problem+json for a path parameter over 100 characters', async () => {
      expect(fields(await refused(`/queues/${'g'.repeat(101)}`, 414, 'request.param_too_long'))).toEqual(['path']);
    });

    it.each(['/queues/%E0%A4%A', '/incidents/%ED%A0%80', '/queues/%FF'])('400 problem+json for the bad %%-encoding %s', async (url) => {
      expect(fields(await refused(url, 400, 'request.bad_url'))).toEqual(['path']);
    });

    it('404 problem+json for a route that does not exist', async () => {
      await refused('/no/such/route', 404, 'not_found');
    });
  });
});
