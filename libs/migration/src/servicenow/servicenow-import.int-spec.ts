import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { importServiceNowIncidents, type ServiceNowImportOptions } from './servicenow-import';
import { SERVICENOW_INCIDENT_COLUMNS } from './servicenow-format';

/** The whole sample, twice over (killed and resumed): seconds, more on a loaded machine. */
jest.setTimeout(60_000);

const SAMPLE = path.resolve(__dirname, '../../../../test/fixtures/servicenow/incident-event-log-sample.csv');
const NOW = () => new Date('2026-11-30T12:00:00.000Z');
const options = (store: EventStore, file = SAMPLE, more: Partial<ServiceNowImportOptions> = {}): ServiceNowImportOptions => ({
  store, file, instance: 'acme', timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm', importedBy: 'import:ines', clock: NOW, ...more,
});

/** Every imported version in the log, by incident: its rows in the order appended. */
async function importedRows(store: EventStore): Promise<Map<string, number[]>> {
  const rows = new Map<string, number[]>();
  for (const event of await store.readAll({ max: 100_000 })) {
    if (event.type !== 'IncidentVersionImported') continue;
    const { number, source } = event.data as unknown as { number: string; source: { row: number } };
    rows.set(number, [...(rows.get(number) ?? []), source.row]);
  }
  return rows;
}

describe('The ServiceNow importer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-import-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('killed half way and run again, finishes with every row once, in file order, and no gap', async () => {
    const store = new MemoryEventStore();
    // The store dies after 300 appends, as a killed run would stop: some incidents done, some not begun.
    let appends = 0;
    const dying: EventStore = Object.create(store);
    dying.append = async (...args) => {
      if (++appends > 300) throw new Error('killed');
      return store.append(...args);
    };
    await expect(importServiceNowIncidents(options(dying, SAMPLE, { inFlight: 8 }))).rejects.toThrow('killed');
    const halfway = await importedRows(store);
    expect(halfway.size).toBeGreaterThan(0);
    expect(halfway.size).toBeLessThan(890);

    const finished = await importServiceNowIncidents(options(store));
    expect(finished.eventsAppended + [...halfway.values()].reduce((n, rows) => n + rows.length, 0)).toBe(5998);
    const rows = await importedRows(store);
    const all = [...rows.values()].flat();
    expect(all).toHaveLength(5998);
    expect(new Set(all).size).toBe(5998);
    for (const [number, list] of rows) expect({ number, list }).toEqual({ number, list: [...list].sort((a, b) => a - b) });
    expect(Math.max(...all)).toBe(5998);
  });

  it('reports a row it cannot read, with its place and the reason, and imports the rest of the incident', async () => {
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\r\n').slice(0, 5);
    lines[2] = lines[2]!.replace('Resolved', 'Parked').replace('29-02-2016 08:53', '31-02-2016 08:53');
    lines[3] = lines[3]!.split(',').slice(0, 30).join(',');
    const file = path.join(dir, 'broken.csv');
    fs.writeFileSync(file, lines.join('\r\n'));
    const store = new MemoryEventStore();
    const summary = await importServiceNowIncidents(options(store, file));
    expect(summary).toMatchObject({ rowsRead: 4, eventsAppended: 2, skipped: { total: 2 } });
    expect(summary.skipped.first).toEqual([
      { row: 2, number: 'INC0000045', reason: 'incident_state "Parked" is not a state we know; sys_updated_at "31-02-2016 08:53" is not a time of the format given' },
      { row: 3, number: 'INC0000045', reason: `has 30 cells, the header has ${SERVICENOW_INCIDENT_COLUMNS.length}` },
    ]);
    expect(summary.skipped.byReason).toEqual({ 'incident_state is not a state we know': 1, 'wrong number of cells': 1 });
  });

  it('takes a later export of the same incidents as more versions: only those after the last imported are added', async () => {
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\r\n');
    const header = lines[0]!;
    const incident45 = lines.filter((line) => line.startsWith('INC0000045,'));
    const early = path.join(dir, 'early.csv');
    const later = path.join(dir, 'later.csv');
    fs.writeFileSync(early, [header, ...incident45.slice(0, 2)].join('\r\n'));
    fs.writeFileSync(later, [header, ...incident45].join('\r\n'));
    const store = new MemoryEventStore();
    await importServiceNowIncidents(options(store, early));
    const summary = await importServiceNowIncidents(options(store, later));
    expect(summary).toMatchObject({ versionsAlreadyImported: 2, eventsAppended: incident45.length - 2 });
    const sysModCounts = (await store.readAll()).filter((event) => event.type === 'IncidentVersionImported').map((event) => (event.data as unknown as { source: { sysModCount: number } }).source.sysModCount);
    expect(sysModCounts).toEqual(incident45.map((line) => Number(line.split(',')[5])));
  });

  it('reads times in the zone it is given, and names the source user as the actor', async () => {
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\r\n').slice(0, 2);
    const file = path.join(dir, 'one.csv');
    fs.writeFileSync(file, lines.join('\r\n'));
    const store = new MemoryEventStore();
    await importServiceNowIncidents(options(store, file, { timeZone: 'America/Sao_Paulo' }));
    const [version] = (await store.readAll()).filter((event) => event.type === 'IncidentVersionImported');
    expect(version!.metadata).toMatchObject({ actor: 'servicenow:Updated by 21', occurredAt: '2016-02-29T04:23:00.000Z', commandType: 'ImportServiceNowIncidentVersion' });
    expect(version!.data).toMatchObject({ source: { timeZone: 'America/Sao_Paulo', updatedAt: '29-02-2016 01:23', importedBy: 'import:ines' }, reading: { openedAt: '2016-02-29T04:16:00.000Z' } });
  });
});

describe('The ServiceNow importer, after a user tried it', () => {
  let dir: string;
  const lines = fs.readFileSync(SAMPLE, 'utf8').split('\r\n');
  const header = lines[0]!;
  const incident47 = lines.filter((line) => line.startsWith('INC0000047,'));
  const write = (name: string, rows: readonly string[], head = header) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, [head, ...rows].join('\r\n'));
    return file;
  };
  const versions = async (store: EventStore) =>
    (await store.readAll({ max: 100_000 }))
      .filter((event) => event.type === 'IncidentVersionImported')
      .map((event) => (event.data as unknown as { source: { sysModCount: number; arrivedLate: boolean; fillsGap: boolean; missingVersionsBefore: number[] } }).source);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-import-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records the versions of rows it could not read as missing, and takes them from a corrected file as late versions that fill the gap', async () => {
    const broken = incident47.map((line, i) => (i === 1 || i === 2 ? line.replace(/^([^,]*),[^,]*,/, '$1,Parked,') : line));
    const store = new MemoryEventStore();
    const first = await importServiceNowIncidents(options(store, write('broken.csv', broken)));
    expect(first).toMatchObject({ eventsAppended: incident47.length - 2, skipped: { total: 2 } });
    const [v1, v2] = [1, 2].map((i) => Number(incident47[i]!.split(',')[5]));
    expect((await versions(store)).flatMap((version) => version.missingVersionsBefore)).toEqual(expect.arrayContaining([v1, v2]));

    const fixed = await importServiceNowIncidents(options(store, write('fixed.csv', incident47)));
    expect(fixed).toMatchObject({ eventsAppended: 2, versionsAlreadyImported: incident47.length - 2, skipped: { total: 0 } });
    const late = (await versions(store)).slice(-2);
    expect(late.map(({ sysModCount, arrivedLate, fillsGap }) => ({ sysModCount, arrivedLate, fillsGap }))).toEqual([
      { sysModCount: v1, arrivedLate: true, fillsGap: true },
      { sysModCount: v2, arrivedLate: true, fillsGap: true },
    ]);
    expect(fixed.versionsMissing).toBe(-2);
  });

  it('never rewrites an imported version: an edited row is reported', async () => {
    const store = new MemoryEventStore();
    await importServiceNowIncidents(options(store, write('one.csv', incident47)));
    const edited = incident47.map((line, i) => (i === 3 ? line.replace(/Category \d+/, 'Category 1') : line));
    const again = await importServiceNowIncidents(options(store, write('edited.csv', edited)));
    expect(again).toMatchObject({ eventsAppended: 0, skipped: { total: 1, byReason: { 'differs from the version already imported': 1 } } });
  });

  it('keeps the instance’s matrix whole across exports, counting a file once', async () => {
    const store = new MemoryEventStore();
    const highLow = lines.filter((line) => line.includes(',1 - High,3 - Low,'));
    expect(highLow).toEqual([]);
    await importServiceNowIncidents(options(store, SAMPLE));
    const small = await importServiceNowIncidents(options(store, write('small.csv', incident47)));
    expect(small.priorityMatrix.rows).toEqual([[1, 2, null], [2, 3, 4], [3, 4, 4]]);
    const again = await importServiceNowIncidents(options(store, write('small.csv', incident47)));
    expect(again.priorityMatrix.rows).toEqual([[1, 2, null], [2, 3, 4], [3, 4, 4]]);
    const imported = (await store.readAll({ max: 100_000 })).filter((event) => event.type === 'PriorityMatrixImported');
    expect(imported).toHaveLength(2);
    expect((imported[1]!.data as unknown as { observed: number[][] }).observed[1]![1]).toBe(5040 + incident47.length);
  });

  it('imports an incident whose number another incident holds without the number, says so, and lists them all', async () => {
    const store = new MemoryEventStore();
    await importServiceNowIncidents(options(store, write('one.csv', incident47)));
    const other = await importServiceNowIncidents(options(store, write('one.csv', incident47), { instance: 'other' }));
    expect(other).toMatchObject({ incidents: 1, eventsAppended: incident47.length, numbersHeldElsewhere: { total: 1, first: ['INC0000047'] } });
    const holds = (await store.readAll()).filter((event) => event.type === 'IncidentVersionImported').map((event) => (event.data as unknown as { holdsNumber: boolean }).holdsNumber);
    expect(new Set(holds.slice(0, incident47.length))).toEqual(new Set([true]));
    expect(new Set(holds.slice(incident47.length))).toEqual(new Set([false]));
  });

  it('keeps columns the format does not have, and takes a short description as the title', async () => {
    const store = new MemoryEventStore();
    const file = write('wider.csv', incident47.slice(0, 1).map((line) => `${line},Mail is down,"Nobody gets mail, since 9:00",yes`), `${header},short_description,description,u_vip`);
    const summary = await importServiceNowIncidents(options(store, file));
    expect(summary).toMatchObject({ eventsAppended: 1, skipped: { total: 0 } });
    const [version] = (await store.readAll()).filter((event) => event.type === 'IncidentVersionImported');
    expect(version!.data).toMatchObject({
      reading: { details: { title: 'Mail is down', description: 'Nobody gets mail, since 9:00' }, sourceFields: { u_vip: 'yes' } },
      row: { short_description: 'Mail is down', u_vip: 'yes' },
    });
  });
});
