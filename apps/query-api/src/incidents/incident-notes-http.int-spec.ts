import { openReadStore } from '@itsm/platform';
import { incidentDetailProjection, incidentNotesProjection, projectEvents, projectionKey, type AnyProjection } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { incidentHistory } from '../../../../libs/projections/src/testing/incident-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

const PROJECTIONS = [incidentDetailProjection, incidentNotesProjection] as unknown as readonly AnyProjection[];
const BUSY = '0b6f3c1e-5a4d-4e7b-9c2f-1d8e7a6b5c40';
const QUIET = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

type Note = { text: string; kind: string; author: string; revision: number };

describe('Incident work notes and comments over HTTP (SQLite read store)', () => {
  let api: InProcessApp;
  let reads: ReadStore;
  let head = '';

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    reads = await openReadStore(api.config, 'read-write');
    const log = new TestEventLog();
    const busy = incidentHistory(log, BUSY);
    busy.opened();
    incidentHistory(log, QUIET).opened();
    for (let i = 1; i <= 12; i++) {
      busy.workNoteAdded(`note ${i}`, { actor: i % 2 === 0 ? 'ann' : 'bob' });
      if (i % 4 === 0) busy.commentAdded(`comment ${i / 4}`);
    }
    // Landed as the projector would, with the checkpoint at the head of the log.
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

  /** Follows nextCursor to the last page; returns every item and how many pages it took. */
  async function everyPage(url: string): Promise<{ items: Note[]; pages: number }> {
    const items: Note[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const answer = await get(cursor === null ? url : `${url}${separator}cursor=${encodeURIComponent(cursor)}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      items.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    return { items, pages };
  }

  it('pages the work notes oldest first, each once, without the store’s bookkeeping', async () => {
    const { items, pages } = await everyPage(`/incidents/${BUSY}/work-notes?limit=5`);
    expect(pages).toBe(3);
    expect(items.map((note) => note.text)).toEqual(Array.from({ length: 12 }, (_, i) => `note ${i + 1}`));
    expect(items[0]).toEqual({
      id: `${BUSY}:1`, incidentId: BUSY, kind: 'work_note', text: 'note 1', author: 'bob', at: expect.any(String), revision: 1, position: expect.any(String),
    });
  });

  it('pages newest first with order=desc', async () => {
    const { items } = await everyPage(`/incidents/${BUSY}/work-notes?limit=5&order=desc`);
    expect(items.map((note) => note.text)).toEqual(Array.from({ length: 12 }, (_, i) => `note ${12 - i}`));
  });

  it('serves the customer-visible comments apart from the work notes', async () => {
    const { items } = await everyPage(`/incidents/${BUSY}/comments`);
    expect(items.map((note) => [note.kind, note.text])).toEqual([['comment', 'comment 1'], ['comment', 'comment 2'], ['comment', 'comment 3']]);
  });

  it('keeps the incident itself small: counts and the latest author, no notes', async () => {
    const detail = await get(`/incidents/${BUSY}`);
    expect(detail.body).toMatchObject({ workNoteCount: 12, commentCount: 3, lastWorkNoteBy: 'ann' });
    expect(detail.body).not.toHaveProperty('workNotes');
    expect(detail.body).not.toHaveProperty('comments');
  });

  it('answers an empty page for an incident without notes, and 404 problem for an unknown incident', async () => {
    expect(await get(`/incidents/${QUIET}/work-notes`)).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    for (const list of ['work-notes', 'comments']) {
      const answer = await get(`/incidents/4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c/${list}`);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body.code).toBe('incident.not_found');
    }
  });

  it.each([
    ['the other order', `/incidents/${BUSY}/work-notes?limit=2&order=desc`],
    ['the comments', `/incidents/${BUSY}/comments?limit=2`],
    ['another incident', `/incidents/${QUIET}/work-notes?limit=2`],
  ])('refuses a cursor made for %s, rather than skip notes silently', async (_, url) => {
    const first = await get(`/incidents/${BUSY}/work-notes?limit=2`);
    const answer = await get(`${url}&cursor=${first.body.nextCursor}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it.each([
    ['work-notes?order=sideways', 'order'],
    ['work-notes?limit=201', 'limit'],
    ['comments?limit=0', 'limit'],
    ['comments?cursor=not-a-cursor', 'cursor'],
    ['comments?consistentWith=yesterday', 'consistentWith'],
  ])('400 naming the parameter for %s', async (suffix, field) => {
    const answer = await get(`/incidents/${BUSY}/${suffix}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('400 for an id that is not a UUID', async () => {
    const answer = await get('/incidents/INC1/work-notes');
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
  });
});
