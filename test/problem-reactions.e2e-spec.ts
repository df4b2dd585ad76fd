import { answered, commandApi, queryApi } from './support/api-client';
import { on } from './support/incident-lifecycle-scenario';
import { Platform } from './support/platform-processes';
import { BOTH_STORES, until, type PlatformStores } from './support/platform-stores';

/**
 * What problems and major incidents do to other incidents, across the three apps as real processes:
 * the projector's reactions publish a problem's workaround to its incidents and withdraw it from one
 * unlinked, resume an incident awaiting the problem once it is resolved, and resolve a major
 * incident's children with it; the query API shows each on the incident and in its history, naming
 * the reaction as the actor. Once on the embedded default and once on EventStoreDB + MongoDB (the
 * wire-level doubles, or real servers when the URLs are set).
 */
jest.setTimeout(120_000);


describe.each(BOTH_STORES('itsm_problem_e2e'))('Problem and major incident reactions across the three apps (%s)', (_name, storesFor) => {
  let stores: PlatformStores;
  let platform: Platform;
  beforeAll(async () => {
    stores = await storesFor();
    platform = await Platform.start({ ...stores.env, REACTION_INTERVAL_MS: '200' });
  });
  afterAll(async () => {
    await platform?.stop();
    await stores?.stop();
  });

  it('publishes and withdraws a workaround, resumes the incident awaiting the problem, and resolves a parent’s child', async () => {
    const agent = commandApi(platform.url('command-api'), platform.token('ann', 'agent'));
    const manager = commandApi(platform.url('command-api'), platform.token('mia', 'manager'));
    const queries = queryApi(platform.url('query-api'), platform.token('ann', 'agent'));
    const detail = async (id: string) => answered(queries.GET('/incidents/{id}', on(id)), 200);
    const open = async (title: string) => (await answered(agent.POST('/incidents', { body: { title, description: 'd', caller: 'bob', category: 'email', impact: 2, urgency: 2 } }), 201)).id;
    const detailOnceTrue = (id: string, holds: (incident: Awaited<ReturnType<typeof detail>>) => boolean) => until(async () => {
      const incident = await detail(id);
      return holds(incident) ? incident : null;
    }, 30_000);
    const historyOf = async (id: string) => (await answered(queries.GET('/incidents/{id}/history', { params: { path: { id }, query: { limit: 50 } } }), 200)).items;

    const [awaiting, unlinked, parent, child] = [await open('Mail stuck for sales'), await open('Mail stuck for finance'), await open('Mail down everywhere'), await open('No mail in legal')];
    const problem = await answered(agent.POST('/problems', { body: { title: 'Spool fills', description: 'Every Monday', category: 'email', impact: 2, urgency: 2, incidentIds: [awaiting, unlinked] } }), 201);
    const prb = problem.number;
    await answered(agent.POST('/problems/{id}/assess', { ...on(prb), body: {} }), 200);
    await answered(agent.POST('/problems/{id}/start-analysis', on(prb)), 200);
    await answered(agent.POST('/problems/{id}/root-cause', { ...on(prb), body: { rootCause: 'A cron job fills the spool', rootCauseCategory: 'configuration' } }), 200);
    await answered(agent.POST('/problems/{id}/workaround', { ...on(prb), body: { workaround: 'Restart the spooler' } }), 200);

    // The workaround reaches both incidents; unlinking one withdraws it there.
    for (const id of [awaiting, unlinked]) expect((await detailOnceTrue(id, (incident) => incident.workarounds.length > 0)).workarounds).toEqual([expect.objectContaining({ problemNumber: prb, workaround: 'Restart the spooler' })]);
    await answered(agent.POST('/problems/{id}/unlink-incident', { ...on(prb), body: { incidentId: unlinked, reason: 'Another cause' } }), 200);
    await detailOnceTrue(unlinked, (incident) => incident.workarounds.length === 0);

    // A major incident's child is resolved with it.
    await answered(agent.POST('/incidents/{id}/propose-major', { ...on(parent), body: { reason: 'Company-wide' } }), 200);
    await answered(manager.POST('/incidents/{id}/accept-major', { ...on(parent), body: { reason: 'Confirmed' } }), 200);
    await answered(agent.POST('/incidents/{id}/attach-child', { ...on(parent), body: { childId: child } }), 200);
    await answered(agent.POST('/incidents/{id}/resolve', { ...on(parent), body: { resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied' } }), 200);
    const parentNumber = (await detail(parent)).number;
    expect(await detailOnceTrue(child, (incident) => incident.status === 'resolved')).toMatchObject({ parentId: parent, resolvedWithParent: { number: parentNumber } });

    // The incident awaiting the problem is resumed once the problem is resolved.
    await answered(agent.POST('/incidents/{id}/hold', { ...on(awaiting), body: { reason: 'awaiting_problem', awaiting: { kind: 'problem', reference: prb } } }), 200);
    await answered(agent.POST('/problems/{id}/resolve', { ...on(prb), body: { resolution: 'Cron job moved' } }), 200);
    const reactionsIn = async (id: string) => (await historyOf(id)).filter((entry) => entry.actor.startsWith('system:')).map(({ type, actor }) => [type, actor]);
    await until(async () => (await reactionsIn(awaiting)).length === 2, 30_000);
    expect(await reactionsIn(awaiting)).toEqual([['IncidentWorkaroundPublished', 'system:problem-workaround'], ['IncidentResumed', 'system:problem-resolution']]);
    expect(await reactionsIn(unlinked)).toEqual([['IncidentWorkaroundPublished', 'system:problem-workaround'], ['IncidentWorkaroundWithdrawn', 'system:problem-workaround']]);
    expect(await reactionsIn(child)).toEqual([['IncidentResolved', 'system:parent-resolution']]);
    const resumed = (await historyOf(awaiting)).find((entry) => entry.type === 'IncidentResumed');
    expect(resumed?.data).toMatchObject({ cause: { kind: 'problem_resolved', problemNumber: prb } });
  });
});
