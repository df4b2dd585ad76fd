import fs from 'node:fs';
import path from 'node:path';
import { ERASED } from '@itsm/domain';
import { importServiceNowIncidents } from '@itsm/migration';
import { PersonalDataSealer, RevealingEventStore } from '@itsm/personal-data';
import { openReadStore } from '@itsm/platform';
import { auditTrailProjection, incidentDetailProjection, projectEvents, projectionKey, type AnyProjection } from '@itsm/projections';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';

const PROJECTIONS = [incidentDetailProjection, auditTrailProjection] as unknown as readonly AnyProjection[];
const ADA = 'Ada Lovelace';
const SAMPLE = path.resolve(__dirname, '../../../../test/fixtures/servicenow/incident-event-log-sample.csv');
const INCIDENT = { title: 'Mail is down', description: 'Nobody gets mail', caller: ADA, category: 'email', impact: 2, urgency: 2, contactType: 'walk-in', location: 'Analytical Engine Room' };

/** Every byte a data dir's SQLite files hold (with their journals): what a copy of the disk gives away. */
function bytesOf(dataDir: string, prefix: string): Buffer {
  return Buffer.concat(fs.readdirSync(dataDir).filter((name) => name.startsWith(prefix)).map((name) => fs.readFileSync(path.join(dataDir, name))));
}

describe("Erasing a caller's personal data (crypto-shredding, ADR 20)", () => {
  let apps: CommandAndQueryApps;
  // Each app reads a key again at once: an erasure by the command API shows in the query API without waiting out a cache.
  beforeAll(async () => (apps = await CommandAndQueryApps.start(PROJECTIONS, 50, undefined, { PERSONAL_DATA_KEY_CACHE_MS: '0' })));
  afterAll(() => apps.stop());

  const dataDir = () => apps.queries.config.dataDir;
  const audrey = () => apps.queries.token('audrey', 'auditor');
  const get = (url: string) => apps.queries.request('GET', url, { token: audrey() });
  const post = (url: string, body: object, who = apps.commands.token('rita', 'agent'), headers: Record<string, string> = {}) => apps.commands.request('POST', url, { token: who, body, headers });
  const erase = (body: object, who = apps.commands.token('adam', 'admin')) => post('/personal-data/erasures', body, who);

  let incidentId: string;
  let other: string;

  it('records the caller, contact type and location only sealed: the log file never holds them in clear', async () => {
    const opened = await post('/incidents', INCIDENT, undefined, { 'idempotency-key': 'ada-1' });
    expect(opened.status).toBe(201);
    incidentId = opened.body.id;
    // The key's binding recognises the same request while the caller's key lives.
    expect(await post('/incidents', INCIDENT, undefined, { 'idempotency-key': 'ada-1' })).toMatchObject({ status: 201, headers: { 'idempotent-replayed': 'true' }, body: { id: incidentId } });
    other = (await post('/incidents', { ...INCIDENT, title: 'Printer jams', caller: 'Charles Babbage', contactType: 'phone', location: 'Difference Engine Room' })).body.id;
    expect((await post(`/incidents/${incidentId}/edit`, { location: 'Room 101' })).status).toBe(200);
    const log = bytesOf(dataDir(), 'events.sqlite');
    for (const personal of [ADA, 'walk-in', 'Analytical Engine Room', 'Room 101', 'Charles Babbage']) expect(log.includes(Buffer.from(personal))).toBe(false);
    expect(log.includes(Buffer.from('Nobody gets mail'))).toBe(true);

    await apps.project();
    expect((await get(`/incidents/${incidentId}`)).body).toMatchObject({ caller: ADA, contactType: 'walk-in', location: 'Room 101' });
    const history = (await get(`/incidents/${incidentId}/history`)).body.items;
    expect(JSON.stringify(history)).toContain(ADA);
  });

  it('refuses bad requests, naming the field, and anyone but an admin, and erases nothing', async () => {
    const fields = (answer: { body: { errors?: { field: string }[] } }) => [...new Set(answer.body.errors?.map((error) => error.field))];
    const noReason = await erase({ subject: ADA });
    expect([noReason.status, fields(noReason)]).toEqual([400, ['reason']]);
    const noSubject = await erase({ subject: '', reason: 'x' });
    expect([noSubject.status, fields(noSubject)]).toEqual([400, ['subject']]);
    for (const blank of [{ subject: ADA, reason: '   ' }, { subject: '  ', reason: 'DSR-1' }]) {
      const answer = await erase(blank);
      expect([answer.status, fields(answer)]).toEqual([400, [blank.reason.trim() === '' ? 'reason' : 'subject']]);
    }
    // The reason stays in the log for good: naming the person there would defeat the erasure.
    const naming = await erase({ subject: ADA, reason: `Request from  ada LOVELACE, ada@example.com` });
    expect([naming.status, fields(naming)]).toEqual([400, ['reason']]);
    expect((await erase({ subject: ADA, reason: 'DSR-1' }, apps.commands.token('mona', 'manager'))).status).toBe(403);
    expect(await erase({ subject: 'Nobody We Know', reason: 'DSR-1' })).toMatchObject({ status: 404, body: { code: 'personal_data.subject_unknown' } });
    expect(JSON.stringify((await get(`/incidents/${incidentId}/history`)).body)).toContain(ADA);
  });

  it('erases: the answer and the recorded erasure name the key and the streams, never the person', async () => {
    const erased = await erase({ subject: ADA, reason: 'GDPR art. 17 request DSR-2026-114' });
    expect(erased).toMatchObject({ status: 201, body: { keyId: expect.any(String), erasureId: expect.any(String), streams: [`incident-${incidentId}`] } });
    expect(JSON.stringify(erased.body)).not.toContain(ADA);

    await apps.project();
    const trail = await get('/audit/events?streamType=personal-data-erasure');
    expect(trail.status).toBe(200);
    expect(trail.body.items).toHaveLength(1);
    expect(trail.body.items[0]).toMatchObject({ type: 'PersonalDataErased', actor: 'adam', data: { keyId: erased.body.keyId, reason: 'GDPR art. 17 request DSR-2026-114', streams: [`incident-${incidentId}`] } });
    expect(JSON.stringify(trail.body)).not.toContain(ADA);
    // Asked again: nothing of the person is held any more.
    expect(await erase({ subject: ADA, reason: 'again' })).toMatchObject({ status: 404, body: { code: 'personal_data.subject_unknown' } });

  });

  it('shows "[erased]" where the data was in the history and the past states, and the log still verifies', async () => {
    const history = await get(`/incidents/${incidentId}/history`);
    expect(history.status).toBe(200);
    const text = JSON.stringify(history.body);
    expect(text).not.toContain(ADA);
    expect(text).not.toContain('Room 101');
    expect(text).toContain(ERASED);
    expect(text).toContain('Nobody gets mail');
    const asOf = await get(`/incidents/${incidentId}/history?atRevision=0`);
    expect(JSON.stringify(asOf.body)).not.toContain(ADA);
    expect((await get(`/incidents/${other}/history`)).body.items[0]).toBeDefined();
    expect(JSON.stringify((await get(`/incidents/${other}/history`)).body)).toContain('Charles Babbage');

    const verified = await get('/audit/verify');
    expect(verified).toMatchObject({ status: 200, body: { ok: true } });
    expect(verified.body.eventsChecked).toBeGreaterThan(0);
  });

  it('leaves no trace of the person in the vault, and read models rebuilt from the log hold none either', async () => {
    // The vault knows names normalised (lower case), the log and read models as typed.
    const vault = bytesOf(dataDir(), 'personal-data-vault.sqlite');
    expect(vault.includes(Buffer.from(ADA.toLowerCase()))).toBe(false);
    expect(vault.includes(Buffer.from('charles babbage'))).toBe(true);

    // A rebuild: every projection from the start of the log into an empty read store.
    const rebuilt = await openReadStore({ ...apps.queries.config, readStore: { kind: 'sqlite', filename: path.join(dataDir(), 'rebuilt.sqlite') } }, 'read-write');
    const log = await apps.events.readAll();
    for (const projection of PROJECTIONS) {
      await rebuilt.ensureCollection(projection.collection);
      const documents = projectEvents(projection, log, new Map());
      await rebuilt.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), log.at(-1)!.position);
    }
    await rebuilt.close();
    const models = bytesOf(dataDir(), 'rebuilt.sqlite');
    for (const personal of [ADA, 'Analytical Engine Room', 'Room 101', 'walk-in']) expect(models.includes(Buffer.from(personal))).toBe(false);
    expect(models.includes(Buffer.from(ERASED))).toBe(true);
    expect(models.includes(Buffer.from('Charles Babbage'))).toBe(true);
  });

  it("refuses new personal data for the erased caller's incident, whatever the value, and takes the rest", async () => {
    const claims = async () => (await apps.events.readAll()).filter((event) => event.stream.startsWith('idempotency-')).length;
    const before = await claims();
    // Refused before the key is bound: no claim, whose fingerprint would cover the new value, is recorded.
    for (const [index, location] of ['Room 102', 'Room 101'].entries()) {
      expect(await post(`/incidents/${incidentId}/edit`, { location }, undefined, { 'idempotency-key': `edit-${index}` })).toMatchObject({ status: 409, body: { code: 'personal_data.erased' } });
    }
    expect(await claims()).toBe(before);
    expect(await post(`/incidents/${incidentId}/edit`, { location: null })).toMatchObject({ status: 409, body: { code: 'personal_data.erased' } });
    // The key's binding cannot confirm a guess of the erased data: the right guess is refused like any other.
    for (const guess of [ADA, 'Someone Else']) {
      expect(await post('/incidents', { ...INCIDENT, caller: guess }, undefined, { 'idempotency-key': 'ada-1' })).toMatchObject({ status: 422, body: { code: 'idempotency.key_reused' } });
    }
    expect((await post(`/incidents/${incidentId}/edit`, { title: 'Mail is down again' })).status).toBe(200);
    expect((await post(`/incidents/${incidentId}/work-notes`, { text: 'Still down' })).status).toBe(200);
  });

  it('erases a caller of imported incidents the same way: every version of each, in the reading and in the row as written', async () => {
    const file = path.join(dataDir(), 'sample.csv');
    fs.writeFileSync(file, fs.readFileSync(SAMPLE, 'utf8').split('\r\n').slice(0, 30).join('\r\n'));
    const events = apps.events as RevealingEventStore;
    const personalData = new PersonalDataSealer(events.vault);
    const summary = await importServiceNowIncidents({ store: events, file, instance: 'sample', timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm', importedBy: 'migration', clock: () => new Date(), personalData });
    expect(summary.eventsAppended).toBeGreaterThan(0);
    expect(bytesOf(dataDir(), 'events.sqlite').includes(Buffer.from('Caller 2403'))).toBe(false);
    const imported = (await events.readAll()).filter((event) => event.type === 'IncidentVersionImported');
    const ofCaller = imported.filter((event) => (event.data as { row: { caller_id: string } }).row.caller_id === 'Caller 2403');
    expect(ofCaller.length).toBeGreaterThan(1);

    // Named as the DPO typed it: case and spacing aside, the same person.
    const erased = await erase({ subject: '  caller   2403 ', reason: 'DSR-2026-115' });
    expect(erased.status).toBe(201);
    expect(erased.body.streams).toEqual([...new Set(ofCaller.map((event) => event.stream))].sort());
    const after = await events.readAll();
    for (const event of after.filter((e) => ofCaller.some((o) => o.metadata.eventId === e.metadata.eventId))) {
      const data = event.data as { row: Record<string, string>; reading: { caller: string; details: { location: string | null } } };
      expect([data.row.caller_id, data.row.location, data.reading.caller, data.reading.details.location]).toEqual([ERASED, ERASED, ERASED, ERASED]);
      expect(data.row.number).toMatch(/^INC/);
    }
    expect(JSON.stringify(after)).not.toContain('Caller 2403');
    expect((await get('/audit/verify')).body).toMatchObject({ ok: true });

    // The same file imported again: every version is known, the erased ones too; nothing is brought back.
    const again = await importServiceNowIncidents({ store: events, file, instance: 'sample', timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm', importedBy: 'migration', clock: () => new Date(), personalData });
    expect(again).toMatchObject({ eventsAppended: 0, skipped: { total: 0 } });
    expect(again.versionsAlreadyImported).toBe(summary.eventsAppended);
    expect(await events.vault.keyIdOf('Caller 2403')).toBeNull();
  });
});
