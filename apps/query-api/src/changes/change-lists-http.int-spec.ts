import { blackoutWindowStream } from '@itsm/domain';
import { blackoutWindowProjection, changeCalendarProjection, type AnyProjection } from '@itsm/projections';
import { changeHistory } from '../../../../libs/projections/src/change-records/testing/change-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import type { InProcessApp } from '../../../../test/support/in-process-app';
import { queryApiOver } from '../testing/landed-read-models';

const day = (n: number) => ({ start: `2024-03-${String(n).padStart(2, '0')}T22:00:00.000Z`, end: `2024-03-${String(n + 1).padStart(2, '0')}T02:00:00.000Z` });

const [DB, WEB, MAIL] = ['0d0d0d0d-0000-4000-8000-000000000001', '0e0e0e0e-0000-4000-8000-000000000002', '0f0f0f0f-0000-4000-8000-000000000003'];

/** CHG1 on DB (the 10th), CHG2 on WEB (the 11th), CHG3 on MAIL (the 12th); freezes on the 10th, 11th, 12th and 20th. */
function calendar(): TestEventLog {
  const log = new TestEventLog();
  changeHistory(log, 'CHG1').raised({ window: day(10), affectedCiIds: [DB] });
  changeHistory(log, 'CHG2').raised({ window: day(11), affectedCiIds: [WEB] });
  changeHistory(log, 'CHG3').raised({ window: day(12), affectedCiIds: [MAIL] });
  for (const n of [10, 11, 12, 20]) {
    const blackoutWindowId = `BW${n}`;
    log.record(blackoutWindowStream(blackoutWindowId), { type: 'BlackoutWindowDefined', data: { blackoutWindowId, name: `Freeze ${n}`, window: day(n), scope: { kind: 'all' }, reason: 'close' } });
  }
  return log;
}

const MARCH = 'from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z';

describe('Change lists over HTTP: the calendar by ciIds, and the blackout windows and templates paged', () => {
  let api: InProcessApp;
  beforeAll(async () => (api = await queryApiOver([changeCalendarProjection, blackoutWindowProjection] as unknown as AnyProjection[], calendar().events)));
  afterAll(() => api.stop());

  const get = (url: string) => api.request('GET', url, { token: api.token('audrey', 'auditor') });
  const ids = async (url: string): Promise<string[]> => (await get(url)).body.items.map((item: { id: string }) => item.id);

  it('narrows the calendar to changes touching any of several CIs by ciIds, named after the entries’ field, and still by the deprecated ci', async () => {
    expect(await ids(`/changes?${MARCH}&ciIds=${DB},${MAIL}`)).toEqual(['CHG1', 'CHG3']);
    expect(await ids(`/changes?${MARCH}&ciIds=${WEB}&ciIds=${MAIL}&state=draft`)).toEqual(['CHG2', 'CHG3']);
    expect(await ids(`/changes?${MARCH}&ci=${WEB}`)).toEqual(['CHG2']);
    expect(await get(`/changes?${MARCH}&ci=${WEB}&ciIds=${DB}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'ci' }] } });
    expect(await get(`/changes?${MARCH}&ciIds=${DB},ci-web`)).toMatchObject({ status: 400, body: { errors: [{ field: 'ciIds', reason: expect.stringContaining('"ci-web" is not an id') }] } });
    expect(await get(`/changes?${MARCH}&state=draft,sleeping`)).toMatchObject({ status: 400, body: { errors: [{ field: 'state', reason: expect.stringContaining('"sleeping" is not one of') }] } });
  });

  it('pages the blackout windows overlapping the range, by start, each once', async () => {
    const firstAnswer = await get(`/blackout-windows?${MARCH}&limit=3`);
    expect(firstAnswer.headers['content-type']).toBe('application/json; charset=utf-8');
    const first = firstAnswer.body;
    expect(first.items.every((item: object) => !('_position' in item))).toBe(true);
    const second = (await get(`/blackout-windows?${MARCH}&limit=3&cursor=${first.nextCursor}`)).body;
    expect([first.items, second.items].map((items) => items.map((item: { id: string }) => item.id))).toEqual([['BW10', 'BW11', 'BW12'], ['BW20']]);
    expect(second.nextCursor).toBeNull();
    // Half-open windows: [11th 02:00, 12th 22:00) misses the freeze that ends as it starts and the one that starts as it ends.
    expect(await ids('/blackout-windows?from=2024-03-11T02:00:00Z&to=2024-03-12T22:00:00Z')).toEqual(['BW11']);
    expect(await get('/blackout-windows?from=2024-03-12T00:00:00Z&to=2024-03-11T00:00:00Z')).toMatchObject({ status: 400, body: { errors: [{ field: 'to' }] } });
    expect(await get(`/blackout-windows?${MARCH}&limit=201`)).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
  });

  it('pages the standard change templates like any list', async () => {
    const all = (await get('/change-templates')).body;
    expect(all.nextCursor).toBeNull();
    const first = (await get('/change-templates?limit=1')).body;
    expect(first.items).toEqual([all.items[0]]);
    const second = (await get(`/change-templates?limit=1&cursor=${first.nextCursor}`)).body;
    expect(second.items).toEqual([all.items[1]]);
    expect(await get('/change-templates?cursor=bm90IGEgY3Vyc29y')).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });
});
