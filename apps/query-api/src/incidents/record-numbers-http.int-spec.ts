import {
  changeRecordProjection, incidentDetailProjection, incidentLifecycleProjection, incidentNotesProjection, workQueuesProjection, type AnyProjection,
} from '@itsm/projections';
import { takeRecordNumber } from '@itsm/write-path';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';
import { FIXED_NOW } from '../../../../test/support/in-process-app';

const PROJECTIONS = [incidentDetailProjection, incidentNotesProjection, incidentLifecycleProjection, workQueuesProjection, changeRecordProjection] as unknown as readonly AnyProjection[];
const INCIDENT = { title: 'Mail is down', description: 'Nobody gets mail', caller: 'dave', category: 'software', impact: 2, urgency: 2, assignmentGroup: 'messaging' };
const IMPORTED = '0c0ffee0-0000-4000-8000-000000000045';

describe('Incident and change numbers over HTTP', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start(PROJECTIONS);
  });
  afterAll(() => apps.stop());

  const project = () => apps.project();
  const get = (url: string) => apps.queries.request('GET', url, { token: apps.queries.token('audrey', 'auditor') });
  const post = (url: string, body?: object, who = apps.commands.token('rita', 'agent')) => apps.commands.request('POST', url, { token: who, ...(body ? { body } : {}) });

  it('numbers every new incident, skipping numbers an import holds, and answers to its number wherever its id works', async () => {
    // An imported incident holds INC0010002 (as the importer takes it): new incidents go around it.
    await takeRecordNumber(apps.events, 'incident', 'INC0010002', IMPORTED, { actor: 'importer', occurredAt: FIXED_NOW.toISOString() });
    const first = await post('/incidents', INCIDENT);
    const second = await post('/incidents', { ...INCIDENT, title: 'Printer jams' });
    expect([first.status, first.body.number, second.body.number]).toEqual([201, 'INC0010001', 'INC0010003']);

    // Commands take the number in place of the id, in any case, at once (no read model to wait for).
    const noted = await post('/incidents/inc0010003/work-notes', { text: 'Restarted the spooler' });
    expect(noted).toMatchObject({ status: 200, body: { id: second.body.id, revision: 1 } });

    await project();
    const byNumber = await get('/incidents/INC0010003');
    expect(byNumber).toMatchObject({ status: 200, body: { id: second.body.id, number: 'INC0010003', workNoteCount: 1 } });
    expect((await get(`/incidents/${second.body.id}`)).body).toEqual(byNumber.body);
    expect((await get('/incidents/INC0010003/work-notes')).body.items).toMatchObject([{ text: 'Restarted the spooler' }]);
    expect((await get('/incidents/INC0010003/holds')).status).toBe(200);
    expect((await get('/incidents/INC0010003/history')).body.items.map((item: { type: string }) => item.type)).toEqual(['IncidentOpened', 'IncidentWorkNoteAdded']);

    // Lists and queues show it.
    const listed = (await get('/incidents')).body.items.map((item: { number: string }) => item.number);
    expect(listed.sort()).toEqual(['INC0010001', 'INC0010003']);
    expect((await get('/queues/messaging')).body.items.map((item: { number: string }) => item.number).sort()).toEqual(['INC0010001', 'INC0010003']);
  });

  it('answers 404 for a number nobody holds and 400 for what is neither an id nor a number of the kind, naming the field', async () => {
    expect(await get('/incidents/INC0999999')).toMatchObject({ status: 404, body: { code: 'incident.not_found' } });
    expect(await post('/incidents/INC0999999/work-notes', { text: 'x' })).toMatchObject({ status: 404, body: { code: 'incident.not_found' } });
    // The number of an incident does not name a change, nor the other way round.
    expect(await get('/changes/INC0010001')).toMatchObject({ status: 400, body: { errors: [{ field: 'id', reason: expect.stringContaining('CHG0010001') }] } });
    for (const bad of ['INC45', 'not-an-id', 'PRB0000001']) {
      expect(await get(`/incidents/${bad}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'id', reason: 'must be a UUID or an incident number such as INC0010001' }] } });
    }
  });

  it('spends no number on an opening the decider refuses', async () => {
    const before = await post('/incidents', INCIDENT);
    const refused = await post('/incidents', { ...INCIDENT, configurationItemId: '00000000-0000-4000-8000-00000000dead' });
    expect(refused.status).toBe(422);
    const after = await post('/incidents', INCIDENT);
    const value = (number: string) => Number(number.slice(3));
    expect(value(after.body.number) - value(before.body.number)).toBe(1);
  });

  it('numbers changes CHG… the same way', async () => {
    const { body: router } = await post('/cis', { name: 'core-router', ciClass: 'network_device', attributes: {}, ownerGroup: 'network', criticality: 2 });
    const window = { start: '2026-03-10T20:00:00.000Z', end: '2026-03-10T23:00:00.000Z' };
    const raised = await post('/changes', { changeType: 'normal', title: 'Upgrade', justification: 'EOL', implementationPlan: 'up', backoutPlan: 'down', testPlan: 'ping', window, affectedCiIds: [router.id] });
    expect(raised).toMatchObject({ status: 201, body: { number: 'CHG0010001' } });
    await project();
    expect(await get('/changes/chg0010001')).toMatchObject({ status: 200, body: { id: raised.body.id, number: 'CHG0010001' } });
    expect((await post('/changes/CHG0010001/assess')).status).toBe(200);
  });
});
