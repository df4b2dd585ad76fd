import { http, Platform } from './support/platform-processes';
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

type Detail = { status: string; workarounds: { problemNumber: string; workaround: string }[]; resolvedWithParent: { number: string } | null; parentId: string | null };
type History = { items: { type: string; actor: string; data: Record<string, unknown> }[] };

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
    const agent = platform.token('ann', 'agent');
    const manager = platform.token('mia', 'manager');
    const command = async (path: string, body: unknown = {}, token = agent) => {
      const answer = await http<Record<string, unknown>>('POST', `${platform.url('command-api')}${path}`, { token, body });
      expect({ path, status: answer.status }).toEqual({ path, status: path.split('/').length === 2 ? 201 : 200 });
      return answer.body;
    };
    const query = async <T>(path: string) => (await http<T>('GET', `${platform.url('query-api')}${path}`, { token: agent })).body;
    const open = async (title: string) => (await command('/incidents', { title, description: 'd', caller: 'bob', category: 'email', impact: 2, urgency: 2 }))['id'] as string;
    const detailOnceTrue = (id: string, holds: (detail: Detail) => boolean) => until(async () => {
      const detail = await query<Detail>(`/incidents/${id}`);
      return holds(detail) ? detail : null;
    }, 30_000);

    const [awaiting, unlinked, parent, child] = [await open('Mail stuck for sales'), await open('Mail stuck for finance'), await open('Mail down everywhere'), await open('No mail in legal')];
    const problem = await command('/problems', { title: 'Spool fills', description: 'Every Monday', category: 'email', impact: 2, urgency: 2, incidentIds: [awaiting, unlinked] });
    const prb = problem['number'] as string;
    for (const step of ['assess', 'start-analysis']) await command(`/problems/${prb}/${step}`);
    await command(`/problems/${prb}/root-cause`, { rootCause: 'A cron job fills the spool', rootCauseCategory: 'configuration' });
    await command(`/problems/${prb}/workaround`, { workaround: 'Restart the spooler' });

    // The workaround reaches both incidents; unlinking one withdraws it there.
    for (const id of [awaiting, unlinked]) expect((await detailOnceTrue(id, (detail) => detail.workarounds.length > 0)).workarounds).toEqual([expect.objectContaining({ problemNumber: prb, workaround: 'Restart the spooler' })]);
    await command(`/problems/${prb}/unlink-incident`, { incidentId: unlinked, reason: 'Another cause' });
    await detailOnceTrue(unlinked, (detail) => detail.workarounds.length === 0);

    // A major incident's child is resolved with it.
    await command(`/incidents/${parent}/propose-major`, { reason: 'Company-wide' });
    await command(`/incidents/${parent}/accept-major`, { reason: 'Confirmed' }, manager);
    await command(`/incidents/${parent}/attach-child`, { childId: child });
    await command(`/incidents/${parent}/resolve`, { resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied' });
    const parentNumber = (await query<{ number: string }>(`/incidents/${parent}`)).number;
    expect(await detailOnceTrue(child, (detail) => detail.status === 'resolved')).toMatchObject({ parentId: parent, resolvedWithParent: { number: parentNumber } });

    // The incident awaiting the problem is resumed once the problem is resolved.
    await command(`/incidents/${awaiting}/hold`, { reason: 'awaiting_problem', awaiting: { kind: 'problem', reference: prb } });
    await command(`/problems/${prb}/resolve`, { resolution: 'Cron job moved' });
    const reactionsIn = async (id: string) => (await query<History>(`/incidents/${id}/history?limit=50`)).items.filter((entry) => entry.actor.startsWith('system:')).map(({ type, actor }) => [type, actor]);
    await until(async () => (await reactionsIn(awaiting)).length === 2, 30_000);
    expect(await reactionsIn(awaiting)).toEqual([['IncidentWorkaroundPublished', 'system:problem-workaround'], ['IncidentResumed', 'system:problem-resolution']]);
    expect(await reactionsIn(unlinked)).toEqual([['IncidentWorkaroundPublished', 'system:problem-workaround'], ['IncidentWorkaroundWithdrawn', 'system:problem-workaround']]);
    expect(await reactionsIn(child)).toEqual([['IncidentResolved', 'system:parent-resolution']]);
    const resumed = (await query<History>(`/incidents/${awaiting}/history?limit=50`)).items.find((entry) => entry.type === 'IncidentResumed');
    expect(resumed?.data).toMatchObject({ cause: { kind: 'problem_resolved', problemNumber: prb } });
  });
});
