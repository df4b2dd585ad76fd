import type { AddressInfo } from 'node:net';
import { READ_STORE } from '@itsm/platform';
import { AUDIT_TRAIL_KEY } from '@itsm/projections';
import type { FindQuery, ReadStore } from '@itsm/read-store';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';
import { auditLog, getText, projectAuditTrail } from './testing/audit-log';

const HEADER = 'position,occurredAt,recordedAt,actor,streamType,stream,revision,type,eventId,commandType,commandId,correlationId,causationId,schemaVersion,prevHash,hash,data';

describe('GET /audit/events as a download: CSV and JSON lines', () => {
  let api: InProcessApp;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config));
    await projectAuditTrail(api, auditLog());
  });
  afterAll(() => api.stop());

  it('writes RFC 4180 CSV, byte for byte: header, CRLF, quoting, data as a JSON cell, formulas disarmed', async () => {
    const answer = await getText(api, '/audit/events?format=csv&streamType=incident');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="audit-events-00000000000000000006.csv"');
    expect(answer.text).toBe(
      `${HEADER}\r\n` +
        '00000000000000000001,2026-03-01T09:00:00.000Z,2026-03-01T09:00:00.000Z,ann,incident,incident-I1,0,IncidentOpened,event-1,Test,command-1,correlation-1,command-1,9,,hash-1,' +
        '"{""incidentId"":""I1"",""title"":""Mail, \\""urgent\\""\\nsecond line""}"\r\n' +
        '00000000000000000003,2026-03-01T09:02:00.000Z,2026-03-01T09:02:00.000Z,"\'=HYPERLINK(""http://evil"")",incident,incident-I1,1,IncidentWorkNoteAdded,event-3,Test,command-3,correlation-3,command-3,9,,hash-3,' +
        '"{""incidentId"":""I1"",""text"":""@SUM(A1)""}"\r\n',
    );
  });

  it('answers Accept: text/csv with the same file as ?format=csv, every matching event and not one page', async () => {
    const negotiated = await getText(api, '/audit/events?actor=ann', 'auditor', { accept: 'text/csv' });
    expect(negotiated.text).toBe((await getText(api, '/audit/events?actor=ann&format=csv')).text);
    expect(negotiated.text.split('\r\n').slice(1, -1).map((line) => line.slice(0, 20))).toEqual(['00000000000000000001', '00000000000000000004']);
    expect((await getText(api, '/audit/events?format=csv&actor=nobody')).text).toBe(`${HEADER}\r\n`);
  });

  it('writes one JSON object a line, the same records as the JSON page, under either media type', async () => {
    const page = JSON.parse((await getText(api, '/audit/events?streamType=change,problem')).text);
    for (const [query, accept, type] of [
      ['format=jsonl&', '', 'application/x-ndjson'],
      ['', 'application/x-ndjson', 'application/x-ndjson'],
      ['', 'application/jsonl', 'application/jsonl'],
    ]) {
      const answer = await getText(api, `/audit/events?${query}streamType=change,problem`, 'auditor', accept ? { accept } : {});
      expect(answer.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect(answer.headers['content-disposition']).toBe('attachment; filename="audit-events-00000000000000000006.jsonl"');
      expect(answer.text.endsWith('\n')).toBe(true);
      expect(answer.text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(page.items);
    }
  });
});

describe('GET /audit/events: a large download is streamed page by page, and a failure midway is not a short file', () => {
  const EVENTS = 5_000;
  let api: InProcessApp;
  let store: ReadStore;
  let url: string;
  const token = () => api.token('audrey', 'auditor');

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config));
    const log = new TestEventLog({ startAt: '2025-01-01T00:00:00.000Z', stepMs: 6_000 });
    for (let i = 1; i <= EVENTS; i++) log.record(`incident-${i % 7}`, { type: 'IncidentWorkNoteAdded', data: { text: `note ${i}` } }, { actor: `agent-${i % 3}` });
    await projectAuditTrail(api, log.events);
    store = api.app.get<ReadStore>(READ_STORE, { strict: false });
    await api.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}/audit/events`;
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => api.stop());

  /** Watches the read store's find on the audit trail; `failAt` makes that call fail. */
  function watchFind(failAt?: number): FindQuery[] {
    const original = store.find.bind(store);
    const calls: FindQuery[] = [];
    jest.spyOn(store, 'find').mockImplementation(async (collection: string, query: FindQuery) => {
      if (collection === AUDIT_TRAIL_KEY) {
        calls.push(query);
        if (calls.length === failAt) throw new Error('the disk went away');
      }
      return original(collection, query);
    });
    return calls;
  }

  it(`delivers all ${EVENTS.toLocaleString('en')} events over a socket, in log order, reading 500 at a time`, async () => {
    const reads = watchFind();
    const response = await fetch(`${url}?format=csv`, { headers: { authorization: `Bearer ${token()}` } });
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.at(-1)).toBe('');
    const positions = lines.slice(1, -1).map((line) => Number(line.slice(0, 20)));
    expect(positions).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(reads.map((query) => query.limit)).toEqual(Array.from({ length: EVENTS / 500 }, () => 500));
  });

  it('cuts the connection when reading fails midway, so the client gets an error rather than a file that looks complete', async () => {
    watchFind(3);
    const response = await fetch(`${url}?format=jsonl`, { headers: { authorization: `Bearer ${token()}` } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('answers a failure on the first read with 500 problem+json, before any byte of the file', async () => {
    watchFind(1);
    const answer = await getText(api, '/audit/events?format=csv');
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.headers['content-disposition']).toBeUndefined();
  });
});
