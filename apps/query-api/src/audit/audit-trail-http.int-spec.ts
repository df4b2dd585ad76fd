import { ROLES } from '@itsm/platform';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';
import { auditLog, getText, projectAuditTrail } from './testing/audit-log';

type Item = { position: string; actor: string; type: string; streamType: string };

describe('GET /audit/events: the audit trail, a page at a time (SQLite read store)', () => {
  let api: InProcessApp;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    await projectAuditTrail(api, auditLog());
  });
  afterAll(() => api.stop());

  const get = (url: string, headers: Record<string, string> = {}) => api.request('GET', url, { token: api.token('audrey', 'auditor'), headers });
  const positions = async (query: string) => {
    const answer = await get(`/audit/events?${query}`);
    expect(answer.status).toBe(200);
    return (answer.body.items as Item[]).map((item) => Number(item.position));
  };

  it('lists every event in log order, each with exactly the audit fields in their order and nothing of the store', async () => {
    const answer = await get('/audit/events');
    expect(answer.body.items.map((item: Item) => [item.streamType, item.type])).toEqual([
      ['incident', 'IncidentOpened'], ['change', 'ChangeRaised'], ['incident', 'IncidentWorkNoteAdded'],
      ['ci-name', 'CiNameReserved'], ['idempotency', 'IdempotencyKeyClaimed'], ['problem', 'ProblemRecorded'],
    ]);
    expect(answer.body.nextCursor).toBeNull();
    expect(Object.keys(answer.body.items[1])).toEqual([
      'position', 'occurredAt', 'recordedAt', 'actor', 'streamType', 'stream', 'revision', 'type', 'eventId',
      'commandType', 'commandId', 'correlationId', 'causationId', 'schemaVersion', 'prevHash', 'hash', 'data',
    ]);
    expect(answer.body.items[1]).toMatchObject({ position: '00000000000000000002', occurredAt: '2026-03-01T09:01:00.000Z', actor: 'bob', stream: 'change-C1', revision: 0, data: { changeId: 'C1', title: '-1+1' } });
  });

  it('filters by actor, kind of stream and type (repeated or comma-separated), all holding', async () => {
    expect(await positions('actor=ann')).toEqual([1, 4]);
    expect(await positions(`actor=${encodeURIComponent('=HYPERLINK("http://evil")')}`)).toEqual([3]);
    expect(await positions('streamType=incident')).toEqual([1, 3]);
    expect(await positions('streamType=incident,problem')).toEqual([1, 3, 6]);
    expect(await positions('streamType=incident&streamType=problem,ci-name')).toEqual([1, 3, 4, 6]);
    expect(await positions('type=ChangeRaised&type=ProblemRecorded')).toEqual([2, 6]);
    expect(await positions('actor=bob&streamType=idempotency&type=IdempotencyKeyClaimed')).toEqual([5]);
    expect(await positions('actor=nobody')).toEqual([]);
  });

  it('selects [from, to) on when events occurred, in any RFC 3339 form', async () => {
    expect(await positions('from=2026-03-01T09:02:00Z&to=2026-03-01T09:04:00Z')).toEqual([3, 4]);
    expect(await positions('from=2026-03-01T10:04:00%2B01:00')).toEqual([5, 6]);
    expect(await positions('to=2026-03-01T09:00:00.001Z')).toEqual([1]);
  });

  it('pages with limit and cursor, each event once, under the same filters', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const answer: { body: { items: Item[]; nextCursor: string | null } } = await get(`/audit/events?limit=2&streamType=incident,change,ci-name${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...answer.body.items.map((item) => Number(item.position)));
      cursor = answer.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['to=2026-03-01', 'to'],
    ['from=2026-03-01T10:00:00Z&to=2026-03-01T09:00:00Z', 'to'],
    ['streamType=incident,,change', 'streamType'],
    ['type=', 'type'],
    ['actor=a&actor=b', 'actor'],
    ['limit=201', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['format=xml', 'format'],
    ['format=csv&limit=10', 'limit'],
    ['format=jsonl&cursor=abc', 'cursor'],
    ['colour=red', 'colour'],
    ['consistentWith=99999999999999999999', 'consistentWith'],
  ])('answers %s with 400 problem+json naming the parameter', async (query, field) => {
    const answer = await get(`/audit/events?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('refuses a cursor made for other filters, rather than skip events silently', async () => {
    const first = await get('/audit/events?limit=1&actor=ann');
    const answer = await get(`/audit/events?limit=1&actor=bob&cursor=${first.body.nextCursor}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('answers 406 problem+json when Accept names nothing served here, and negotiates what it can serve', async () => {
    const refused = await get('/audit/events', { accept: 'application/xml, text/html;q=0.9' });
    expect(refused.status).toBe(406);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'request.not_acceptable', errors: [{ field: 'Accept' }] });
    expect((await get('/audit/events', { accept: 'text/html, */*;q=0.1' })).body.items).toHaveLength(6);
    expect((await get('/audit/events', { accept: 'text/csv;q=0, application/*' })).body.items).toHaveLength(6);
  });

  it('is for auditors alone: every other role gets 403 problem+json', async () => {
    for (const role of ROLES) {
      const answer = await getText(api, '/audit/events?format=csv', role);
      expect({ role, status: answer.status }).toEqual({ role, status: role === 'auditor' ? 200 : 403 });
    }
    const agent = await getText(api, '/audit/events', 'agent');
    expect(agent.headers['content-type']).toContain('application/problem+json');
  });
});
