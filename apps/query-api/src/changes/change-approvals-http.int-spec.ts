import { openReadStore } from '@itsm/platform';
import { approvalTimelineProjection, changeRecordProjection, projectEvents, projectionKey, type AnyProjection } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { changeHistory } from '../../../../libs/projections/src/change-records/testing/change-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

const PROJECTIONS = [changeRecordProjection, approvalTimelineProjection] as unknown as readonly AnyProjection[];
const CHANGE = '5d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const ROUNDS = 7;

type Line = { kind: string; actor: string; contentHash: string; revision: number };

describe('A change’s approvals timeline over HTTP (SQLite read store)', () => {
  let api: InProcessApp;
  let reads: ReadStore;
  let head = '';

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    reads = await openReadStore(api.config, 'read-write');
    // Approved, then edited and approved again ROUNDS times: each edit invalidates the approval.
    const log = new TestEventLog();
    const change = changeHistory(log, CHANGE);
    change.raised();
    change.assessed();
    change.approved('carl', 1);
    for (let round = 1; round <= ROUNDS; round++) {
      const [before, after] = [`sha256:${round}`, `sha256:${round + 1}`];
      change.record('ChangeUpdated', { changes: { testPlan: `test ${round}` }, previousContentHash: before, contentHash: after });
      change.record('ApprovalsInvalidated', {
        reason: 'content_changed', changedFields: ['testPlan'], previousContentHash: before, contentHash: after, invalidatedApprovers: ['carl'], wasAuthorized: false,
      });
      change.approved('carl', 1, after);
    }
    head = log.events.at(-1)?.position ?? '';
    for (const projection of PROJECTIONS) {
      const documents = projectEvents(projection, log.events, new Map());
      await reads.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), head);
    }
  });
  afterAll(async () => {
    await reads.close();
    await api.stop();
  });

  const get = (url: string) => api.request('GET', url, { token: api.token('audrey', 'auditor') });

  async function everyLine(url: string): Promise<Line[]> {
    const lines: Line[] = [];
    let cursor: string | null = null;
    do {
      const answer = await get(cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`);
      expect(answer.status).toBe(200);
      lines.push(...answer.body.items);
      cursor = answer.body.nextCursor;
    } while (cursor !== null);
    return lines;
  }

  it('pages the whole timeline oldest first: the approval, then each invalidation and approval again', async () => {
    const lines = await everyLine(`/changes/${CHANGE}/approvals?limit=4`);
    expect(lines).toHaveLength(1 + 2 * ROUNDS);
    expect(lines.slice(0, 3).map((line) => [line.kind, line.contentHash])).toEqual([
      ['approved', 'sha256:1'],
      ['invalidated', 'sha256:2'],
      ['approved', 'sha256:2'],
    ]);
    expect(lines.map((line) => line.revision)).toEqual([...lines.map((line) => line.revision)].sort((a, b) => a - b));
  });

  it('answers the latest decision first with order=desc', async () => {
    const latest = await get(`/changes/${CHANGE}/approvals?order=desc&limit=1`);
    expect(latest.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(latest.body.items[0]).not.toHaveProperty('_position');
    expect(latest.body.items).toEqual([expect.objectContaining({ kind: 'approved', actor: 'carl', contentHash: `sha256:${ROUNDS + 1}` })]);
    expect(latest.body.nextCursor).toEqual(expect.any(String));
  });

  it('keeps the record itself small: the current approvers and a count of the timeline', async () => {
    const record = await get(`/changes/${CHANGE}`);
    expect(record.body).toMatchObject({ currentApprovers: ['carl'], approvalTimelineCount: 1 + 2 * ROUNDS });
    expect(record.body).not.toHaveProperty('approvals');
  });

  it('404 problem for an unknown change; 400 naming the parameter for bad paging', async () => {
    const unknown = await get('/changes/4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c/approvals');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'change.not_found' } });
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    for (const [query, field] of [['order=newest', 'order'], ['limit=500', 'limit'], ['cursor=bogus', 'cursor']]) {
      const answer = await get(`/changes/${CHANGE}/approvals?${query}`);
      expect({ query, status: answer.status, fields: answer.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ query, status: 400, fields: [field] });
    }
  });
});
