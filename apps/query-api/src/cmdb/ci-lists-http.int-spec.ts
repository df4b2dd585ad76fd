import { ciHistoryProjection, configurationItemsProjection, type AnyProjection } from '@itsm/projections';
import { ciHistory } from '../../../../libs/projections/src/configuration-items/testing/ci-test-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import type { InProcessApp } from '../../../../test/support/in-process-app';
import { queryApiOver } from '../testing/landed-read-models';

/** app (application, apps, in use) runs on srv (server, infra, in use) and depends on db (database, dba, maintenance); old (server, infra) retired. */
function estate(): TestEventLog {
  const log = new TestEventLog();
  ciHistory(log, 'app').registered({ ciClass: 'application', ownerGroup: 'apps' });
  ciHistory(log, 'srv').registered();
  ciHistory(log, 'db').registered({ ciClass: 'database', ownerGroup: 'dba', status: 'maintenance' });
  ciHistory(log, 'old').registered();
  ciHistory(log, 'old').retired();
  ciHistory(log, 'app').related('runs_on', 'srv');
  ciHistory(log, 'app').related('depends_on', 'db');
  return log;
}

const AT = '2030-01-01T00:00:00Z';

describe('CMDB lists over HTTP: filters named after the CI fields, each one value or several, and the CMDB as of an instant paged', () => {
  let api: InProcessApp;
  beforeAll(async () => (api = await queryApiOver([configurationItemsProjection, ciHistoryProjection] as unknown as AnyProjection[], estate().events)));
  afterAll(() => api.stop());

  const get = (url: string) => api.request('GET', url, { token: api.token('audrey', 'auditor') });
  const names = async (url: string): Promise<string[]> => {
    const answer = await get(url);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body.items.every((item: object) => !('_position' in item))).toBe(true);
    return answer.body.items.map((item: { name: string }) => item.name);
  };

  it('lists CIs by ciClass, status and ownerGroup, several values each, by name', async () => {
    expect(await names('/cis?ciClass=database,application')).toEqual(['app', 'db']);
    expect(await names('/cis?status=in_use&status=maintenance')).toEqual(['app', 'db', 'srv']);
    expect(await names('/cis?ownerGroup=infra,dba&status=retired,maintenance')).toEqual(['db', 'old']);
  });

  it('still answers the deprecated class and group as ciClass and ownerGroup; both names at once are refused', async () => {
    expect(await names('/cis?class=server')).toEqual(['old', 'srv']);
    expect(await names('/cis?group=apps')).toEqual(['app']);
    expect(await get('/cis?class=server&ciClass=server')).toMatchObject({ status: 400, body: { errors: [{ field: 'class' }] } });
  });

  it('refuses an unknown status naming the field and the value', async () => {
    expect(await get('/cis?status=in_use,broken')).toMatchObject({ status: 400, body: { errors: [{ field: 'status', reason: expect.stringContaining('"broken" is not one of planned, in_use, maintenance, retired') }] } });
  });

  it('pages the CMDB as of an instant: a page of CIs by id with the relationships they lead, each once', async () => {
    const first = (await get(`/cmdb/as-of?at=${AT}&limit=2`)).body;
    const second = (await get(`/cmdb/as-of?at=${AT}&limit=2&cursor=${first.nextCursor}`)).body;
    expect([first, second].map((page) => page.configurationItems.map((ci: { ciId: string }) => ci.ciId))).toEqual([['app', 'db'], ['old', 'srv']]);
    expect([...first.relationships, ...second.relationships]).toEqual([
      { sourceCiId: 'app', type: 'runs_on', targetCiId: 'srv' },
      { sourceCiId: 'app', type: 'depends_on', targetCiId: 'db' },
    ]);
    expect(second.nextCursor).toBeNull();
    expect(await get(`/cmdb/as-of?at=2031-01-01T00:00:00Z&limit=2&cursor=${first.nextCursor}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });

  it('narrows the CMDB as of an instant to CIs by ciId, several values, and still by the deprecated ci', async () => {
    const narrowed = (await get(`/cmdb/as-of?at=${AT}&ciId=srv,db`)).body;
    expect(narrowed.configurationItems.map((ci: { ciId: string }) => ci.ciId)).toEqual(['db', 'srv']);
    expect(narrowed.relationships).toHaveLength(2);
    expect((await get(`/cmdb/as-of?at=${AT}&ci=srv`)).body.configurationItems.map((ci: { ciId: string }) => ci.ciId)).toEqual(['srv']);
    expect(await get(`/cmdb/as-of?at=${AT}&ciId=srv,,db`)).toMatchObject({ status: 400, body: { errors: [{ field: 'ciId', reason: expect.stringContaining('"" is empty') }] } });
  });
});
