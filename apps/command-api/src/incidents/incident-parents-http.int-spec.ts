import { randomUUID } from 'node:crypto';
import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream } from '@itsm/domain';
import { WritePath } from '@itsm/write-path';
import { incidentDetailProjection, type AnyProjection } from '@itsm/projections';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';

const PROJECTIONS = [incidentDetailProjection] as unknown as readonly AnyProjection[];
const INCIDENT = { title: 'Mail is down', description: 'Nobody gets mail', caller: 'dave', category: 'email', impact: 1, urgency: 1 };

describe('Parents and children over HTTP: one parent per child, recorded on both streams', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => (apps = await CommandAndQueryApps.start(PROJECTIONS)));
  afterAll(() => apps.stop());

  const post = (url: string, body?: object) => apps.commands.request('POST', url, { token: apps.commands.token('ann', 'agent'), ...(body ? { body } : {}) });
  const get = (url: string) => apps.queries.request('GET', url, { token: apps.queries.token('val', 'agent') });
  const open = async (title: string) => (await post('/incidents', { ...INCIDENT, title })).body as { id: string; number: string };
  const typesOn = async (incidentId: string) => (await apps.events.readStream(incidentStream(incidentId))).map((event) => event.type);

  it('refuses a second parent, naming the first; once detached there, the child may be attached elsewhere', async () => {
    const [first, second, child] = [await open('Parent one'), await open('Parent two'), await open('Child')];
    expect((await post(`/incidents/${first.id}/attach-child`, { childId: child.number })).status).toBe(200);
    expect(await post(`/incidents/${second.id}/attach-child`, { childId: child.id })).toMatchObject({ status: 409, body: { code: 'incident.child_has_parent', details: { parentId: first.id } } });
    expect(await typesOn(second.id)).not.toContain('IncidentChildAttached');
    await apps.project();
    expect((await get(`/incidents/${child.id}`)).body).toMatchObject({ parentId: first.id });

    expect((await post(`/incidents/${first.id}/detach-child`, { childId: child.id, reason: 'Another cause' })).status).toBe(200);
    expect(await typesOn(child.id)).toEqual(['IncidentOpened', 'IncidentAttachedToParent', 'IncidentDetachedFromParent']);
    expect((await post(`/incidents/${second.id}/attach-child`, { childId: child.id })).status).toBe(200);
    await apps.project();
    expect((await get(`/incidents/${child.id}`)).body).toMatchObject({ parentId: second.id });
    expect((await get(`/incidents/${first.id}`)).body).toMatchObject({ childIds: [] });
  });

  it('lets exactly one of two parents attaching the same child at once have it', async () => {
    const [first, second, child] = [await open('Racing one'), await open('Racing two'), await open('Raced child')];
    const answers = await Promise.all([first, second].map((parent) => post(`/incidents/${parent.id}/attach-child`, { childId: child.id })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const attached = [...(await typesOn(first.id)), ...(await typesOn(second.id))].filter((type) => type === 'IncidentChildAttached');
    expect(attached).toHaveLength(1);
    expect((await typesOn(child.id)).filter((type) => type === 'IncidentAttachedToParent')).toHaveLength(1);
  });

  it('lets a child of a parent since cancelled be attached elsewhere; detaching it from the cancelled parent is refused and changes nothing', async () => {
    const [cancelled, next, child] = [await open('Opened in error'), await open('The real outage'), await open('Orphan')];
    await post(`/incidents/${cancelled.id}/attach-child`, { childId: child.id });
    expect((await post(`/incidents/${cancelled.id}/cancel`, { reason: 'Opened in error' })).status).toBe(200);
    const before = await typesOn(child.id);
    expect(await post(`/incidents/${cancelled.id}/detach-child`, { childId: child.id, reason: 'x' })).toMatchObject({ status: 409, body: { code: 'incident.cancelled' } });
    expect(await typesOn(child.id)).toEqual(before);
    expect((await post(`/incidents/${next.id}/attach-child`, { childId: child.id })).status).toBe(200);
    await apps.project();
    expect((await get(`/incidents/${child.id}`)).body).toMatchObject({ parentId: next.id });
  });

  it('keeps a child from taking children of its own', async () => {
    const [parent, child, grandchild] = [await open('Top'), await open('Middle'), await open('Bottom')];
    await post(`/incidents/${parent.id}/attach-child`, { childId: child.id });
    expect(await post(`/incidents/${child.id}/attach-child`, { childId: grandchild.id })).toMatchObject({ status: 422, body: { code: 'incident.parent_is_child' } });
    expect(await post(`/incidents/${grandchild.id}/attach-child`, { childId: parent.id })).toMatchObject({ status: 422, body: { code: 'incident.child_is_parent' } });
  });

  it('undoes, by detaching, a claim the parent never recorded (a crash between the two appends)', async () => {
    const [parent, other, child] = [await open('Crashed parent'), await open('Next parent'), await open('Stranded child')];
    // The child's step alone, as the command handler runs it before the parent's append that never came.
    const claim = { type: 'AttachToParent', incidentId: child.id, data: { parentId: parent.id }, context: { actor: 'ann', now: new Date().toISOString() } } as const;
    await new WritePath(apps.events, { conflictRetries: 0 }).execute({
      decider: incidentDecider,
      stream: incidentStream(child.id),
      schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
      envelope: { commandId: randomUUID(), correlationId: randomUUID(), actor: 'ann', occurredAt: claim.context.now },
      request: { type: claim.type, data: { incidentId: child.id, ...claim.data } },
      command: () => claim,
    });
    expect(await post(`/incidents/${other.id}/attach-child`, { childId: child.id })).toMatchObject({ status: 409, body: { code: 'incident.child_has_parent', details: { parentId: parent.id } } });
    expect((await post(`/incidents/${parent.id}/detach-child`, { childId: child.id, reason: 'Never completed' })).status).toBe(200);
    expect(await typesOn(parent.id)).not.toContain('IncidentChildDetached');
    expect((await post(`/incidents/${other.id}/attach-child`, { childId: child.id })).status).toBe(200);
  });
});

describe('Holds awaiting a problem over HTTP', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => (apps = await CommandAndQueryApps.start([])));
  afterAll(() => apps.stop());

  const post = (url: string, body?: object) => apps.commands.request('POST', url, { token: apps.commands.token('ann', 'agent'), ...(body ? { body } : {}) });
  const hold = (incidentId: string, reference?: string) => post(`/incidents/${incidentId}/hold`, { reason: 'awaiting_problem', ...(reference === undefined ? {} : { awaiting: { kind: 'problem', reference } }) });

  it('names a problem raised, open and linking the incident, by number or id', async () => {
    const incident = (await post('/incidents', INCIDENT)).body;
    const problem = (await post('/problems', { title: 'Spool fills', description: 'd', category: 'email', impact: 1, urgency: 1 })).body;
    expect(await hold(incident.id)).toMatchObject({ status: 422, body: { code: 'incident.awaiting_required' } });
    expect(await hold(incident.id, 'PRB0999999')).toMatchObject({ status: 422, body: { code: 'incident.awaited_problem_unknown', details: { reference: 'PRB0999999' } } });
    expect(await hold(incident.id, problem.number)).toMatchObject({ status: 409, body: { code: 'incident.awaited_problem_not_linked' } });
    expect((await post(`/problems/${problem.id}/link-incident`, { incidentId: incident.id })).status).toBe(200);
    expect((await hold(incident.id, problem.number.toLowerCase())).status).toBe(200);
    expect((await post(`/incidents/${incident.id}/resume`)).status).toBe(200);
    expect((await hold(incident.id, problem.id)).status).toBe(200);
  });

  it('refuses a field sent to a command that takes none, changing nothing', async () => {
    const incident = (await post('/incidents', INCIDENT)).body;
    expect(await post(`/incidents/${incident.id}/start`, { force: true })).toMatchObject({ status: 400, body: { errors: [{ field: 'force' }] } });
    expect((await apps.events.readStream(incidentStream(incident.id))).map((event) => event.type)).not.toContain('IncidentWorkStarted');
    expect((await post(`/incidents/${incident.id}/start`, {})).status).toBe(200);
  });
});
