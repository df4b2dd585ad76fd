import { incidentDetailProjection, type AnyProjection } from '@itsm/projections';
import { incidentHistory } from '../../../../libs/projections/src/testing/incident-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import type { InProcessApp } from '../../../../test/support/in-process-app';
import { MAX_FILTER_VALUES } from '../list-filter';
import { MAX_PAGE_SIZE } from '../page-query.dto';
import { queryApiOver } from '../testing/landed-read-models';

/**
 * Opened in this order: A P1 network email new · B P2 network email in progress (ann) · C P3 desktop
 * hardware on hold · D P1 desktop email resolved · E P4 no group printing new (bob).
 */
function serviceDesk(): TestEventLog {
  const log = new TestEventLog();
  incidentHistory(log, 'A').opened({ priority: 1, assignmentGroup: 'network' });
  incidentHistory(log, 'B').opened({ priority: 2, assignmentGroup: 'network' });
  incidentHistory(log, 'B').assigned('network', 'ann');
  incidentHistory(log, 'C').opened({ priority: 3, assignmentGroup: 'desktop', category: 'hardware' });
  incidentHistory(log, 'C').putOnHold();
  incidentHistory(log, 'D').opened({ priority: 1, assignmentGroup: 'desktop' });
  incidentHistory(log, 'D').resolved();
  incidentHistory(log, 'E').opened({ priority: 4, category: 'printing' });
  incidentHistory(log, 'E').assigned('printing', 'bob');
  return log;
}

describe('GET /incidents: filters named after the fields listed, each one value or several, every page bounded', () => {
  let api: InProcessApp;
  beforeAll(async () => (api = await queryApiOver([incidentDetailProjection] as unknown as AnyProjection[], serviceDesk().events)));
  afterAll(() => api.stop());

  const get = (url: string) => api.request('GET', url, { token: api.token('val', 'agent') });
  const ids = async (url: string): Promise<string[]> => {
    const answer = await get(url);
    expect(answer.status).toBe(200);
    return answer.body.items.map((item: { id: string }) => item.id);
  };
  const refusal = async (url: string) => {
    const answer = await get(url);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    return answer.body.errors as { field: string; reason: string }[];
  };

  it('answers JSON, each incident as its detail holds it, without the store\'s bookkeeping', async () => {
    const answer = await get('/incidents?assignee=ann');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body.items).toHaveLength(1);
    expect(answer.body.items[0]).toMatchObject({ id: 'B', priority: 2, status: 'in_progress', assignmentGroup: 'network', assignee: 'ann', category: 'email', description: 'The mail server does not answer' });
    expect(answer.body.items[0]).not.toHaveProperty('_position');
  });

  it('takes several values of a filter comma-separated, repeated, or both, any of which may match', async () => {
    for (const query of ['status=new,on_hold,in_progress', 'status=new&status=on_hold&status=in_progress', 'status=new,on_hold&status=in_progress']) {
      expect(await ids(`/incidents?${query}`)).toEqual(['A', 'B', 'C', 'E']);
    }
    expect(await ids('/incidents?status=on_hold')).toEqual(['C']);
  });

  it('filters by status, assignmentGroup, assignee, priority and category, all holding, most urgent then oldest first', async () => {
    expect(await ids('/incidents?assignmentGroup=network,desktop')).toEqual(['A', 'D', 'B', 'C']);
    expect(await ids('/incidents?assignee=ann&assignee=bob')).toEqual(['B', 'E']);
    expect(await ids('/incidents?priority=1,4')).toEqual(['A', 'D', 'E']);
    expect(await ids('/incidents?category=hardware,printing')).toEqual(['C', 'E']);
    expect(await ids('/incidents?status=new,resolved&assignmentGroup=desktop&priority=1')).toEqual(['D']);
  });

  it('still answers the deprecated names, state and group, as status and assignmentGroup; both names at once are refused', async () => {
    expect(await ids('/incidents?state=new,on_hold')).toEqual(await ids('/incidents?status=new,on_hold'));
    expect(await ids('/incidents?group=desktop')).toEqual(['D', 'C']);
    expect(await refusal('/incidents?status=new&state=new')).toEqual([{ field: 'state', reason: expect.stringContaining('send status alone') }]);
    expect(await refusal('/incidents?assignmentGroup=a&group=a')).toEqual([{ field: 'group', reason: expect.stringContaining('send assignmentGroup alone') }]);
  });

  it.each([
    ['an unknown status among several', 'status=new,sleeping', 'status', '"sleeping" is not one of new, in_progress, on_hold, resolved, closed, cancelled'],
    ['an unknown status under the deprecated name', 'state=sleeping', 'state', '"sleeping" is not one of'],
    ['a priority out of range', 'priority=1&priority=9', 'priority', '9 is not one of 1, 2, 3, 4, 5'],
    ['a priority that is no number', 'priority=high', 'priority', '"high" is not one of'],
    ['an empty group after a comma', 'assignmentGroup=network,', 'assignmentGroup', '"" is empty'],
    ['a line break in a name', 'assignee=ann%0Abob', 'assignee', 'is not a single line'],
    ['a name too long', 'category=' + 'x'.repeat(101), 'category', 'is longer than 100 characters'],
    ['too many values', Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `assignee=p${i}`).join('&'), 'assignee', `takes at most ${MAX_FILTER_VALUES} values`],
  ])('refuses %s with a problem naming the field and the value', async (_case, query, field, reason) => {
    expect(await refusal(`/incidents?${query}`)).toEqual([{ field, reason: expect.stringContaining(reason) }]);
  });

  it('pages a list filtered by several values, each incident once, and refuses a page larger than the most', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await get(`/incidents?status=new,in_progress,on_hold&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['A', 'B', 'C', 'E']);
    expect(await refusal(`/incidents?limit=${MAX_PAGE_SIZE + 1}`)).toEqual([expect.objectContaining({ field: 'limit' })]);
  });
});
