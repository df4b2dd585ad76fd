import { commandApi, queryApi, type CommandApi, type QueryApi } from './support/api-client';
import { on } from './support/incident-lifecycle-scenario';
import { Platform } from './support/platform-processes';

/**
 * Change management end to end, as a CAB uses it: the three apps as processes on the embedded
 * default, every read waiting with consistentWith. A normal change goes through CAB approval, an
 * edit that invalidates the approvals, re-approval, a conflict both changes show, implementation and
 * a review by someone other than the requester; an emergency change starts before authorization and
 * cannot close until its retrospective review, whose reasons its record keeps.
 */
jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Person = 'alice' | 'rita' | 'carl' | 'cara' | 'cody' | 'max';

describe('change management across the three apps', () => {
  let platform: Platform;
  let last = '';
  const as = {} as Record<Person, CommandApi>;
  let queries: QueryApi;

  beforeAll(async () => {
    platform = await Platform.start();
    const roles = { alice: ['agent'], rita: ['agent', 'cab-member'], carl: ['cab-member'], cara: ['cab-member'], cody: ['cab-member'], max: ['change-manager'] } as const;
    for (const [who, granted] of Object.entries(roles)) as[who as Person] = commandApi(platform.url('command-api'), platform.token(who, ...granted));
    queries = queryApi(platform.url('query-api'), platform.token('alice', 'agent'));
  });
  afterAll(() => platform?.stop());

  /** A command's answer (or problem) once its status is the one expected; later reads wait for its position. */
  async function command(call: Promise<{ data?: Json; error?: unknown; response: Response }>, status = 200): Promise<Json> {
    const { data, error, response } = await call;
    const answer = (data ?? error) as Json;
    expect({ url: response.url, status: response.status, answer }).toMatchObject({ status });
    if (response.ok) last = answer['position'];
    return answer;
  }
  async function query(call: (consistentWith: string) => Promise<{ data?: Json; response: Response }>): Promise<Json> {
    const { data, response } = await call(last);
    expect({ url: response.url, status: response.status }).toEqual({ url: response.url, status: 200 });
    return data as Json;
  }
  const record = (id: string) => query((consistentWith) => queries.GET('/changes/{id}', { params: { path: { id }, query: { consistentWith } } }));
  /** The approvals timeline is paged apart from the record; a short change's fits on one page. */
  const timeline = async (id: string): Promise<Json[]> => {
    const page = await query((consistentWith) => queries.GET('/changes/{id}/approvals', { params: { path: { id }, query: { consistentWith } } }));
    expect(page.nextCursor).toBeNull();
    return page.items;
  };
  const latestLine = async (id: string): Promise<Json | undefined> =>
    (await query((consistentWith) => queries.GET('/changes/{id}/approvals', { params: { path: { id }, query: { consistentWith, order: 'desc', limit: 1 } } }))).items[0];
  const ciRecord = (id: string) => query((consistentWith) => queries.GET('/cis/{id}', { params: { path: { id }, query: { consistentWith } } }));
  const cabAgenda = () => query((consistentWith) => queries.GET('/cab/agenda', { params: { query: { consistentWith } } }));
  const calendar = (filters: { ciIds?: string[]; service?: string; state?: 'draft'[] }) =>
    query((consistentWith) => queries.GET('/changes', { params: { query: { consistentWith, from: soon(-60), to: soon(180), ...filters } } }));
  const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  async function registerPayrollStack(): Promise<{ service: string; app: string; server: string }> {
    const ci = async (name: string, ciClass: 'service' | 'application' | 'server', criticality: 1 | 2 | 3) =>
      (await command(as.alice.POST('/cis', { body: { name, ciClass, attributes: {}, ownerGroup: 'payroll-ops', criticality } }), 201)).id;
    const service = await ci('Payroll', 'service', 1);
    const app = await ci('payroll-app', 'application', 2);
    const server = await ci('srv-payroll-01', 'server', 3);
    await command(as.alice.POST('/cis/{id}/relationships', { ...on(service), body: { type: 'contains', targetCiId: app } }));
    await command(as.alice.POST('/cis/{id}/relationships', { ...on(app), body: { type: 'runs_on', targetCiId: server } }));
    return { service, app, server };
  }

  /** Approves with as many CAB members as the recorded rule requires; returns who approved. */
  async function approveAsCab(id: string): Promise<string[]> {
    const change = await record(id);
    const approvers = (['carl', 'cara', 'cody'] as const).slice(0, change.approvalRule.required);
    for (const who of approvers) await command(as[who].POST('/changes/{id}/approve', { ...on(id), body: { contentHash: change.contentHash, comment: `ok from ${who}` } }));
    return approvers;
  }

  it('takes a normal change through CAB approval, invalidation, re-approval, implementation and review', async () => {
    const { service, server } = await registerPayrollStack();
    const window = { start: soon(-1), end: soon(120) };
    const raised = await command(as.rita.POST('/changes', { body: {
      changeType: 'normal', title: 'Patch payroll server OS', justification: 'Security advisory',
      implementationPlan: 'Apply patches, reboot', backoutPlan: 'Restore snapshot', testPlan: 'Run payroll smoke test',
      window, affectedCiIds: [server],
    } }), 201);
    const id = raised.id;
    expect((await ciRecord(server)).openChanges.map((c: Json) => c.id)).toEqual([id]);

    await command(as.rita.POST('/changes/{id}/assess', on(id)));
    const assessed = await record(id);
    expect(assessed).toMatchObject({ status: 'awaiting_authorization', approvalRule: { group: 'cab' } });
    // The payroll service is impacted through the application running on the server.
    expect(assessed.risk.inputs.affectedServices).toEqual([expect.objectContaining({ serviceId: service })]);
    expect(['high', 'very_high']).toContain(assessed.risk.level);
    expect((await cabAgenda()).items.map((c: Json) => c.id)).toContain(id);

    const self = await command(as.rita.POST('/changes/{id}/approve', { ...on(id), body: { contentHash: assessed.contentHash } }), 422);
    expect(self.code).toBe('change.self_approval');
    await command(as.carl.POST('/changes/{id}/approve', { ...on(id), body: { contentHash: assessed.contentHash, comment: 'fine' } }));

    // Editing the plan after an approval asks again: the approval was for other content.
    await command(as.rita.POST('/changes/{id}/update', { ...on(id), body: { implementationPlan: 'Apply patches, reboot, verify kernel' } }));
    const edited = await record(id);
    expect(edited.status).toBe('awaiting_authorization');
    expect(edited.contentHash).not.toBe(assessed.contentHash);
    expect((await timeline(id)).map((a: Json) => a.kind)).toEqual(['approved', 'invalidated']);
    expect(edited.approvalTimelineCount).toBe(2);
    const stale = await command(as.cara.POST('/changes/{id}/approve', { ...on(id), body: { contentHash: assessed.contentHash } }), 409);
    expect(stale.code).toBe('change.content_mismatch');

    const approvers = await approveAsCab(id);
    const authorized = await record(id);
    expect(authorized.status).toBe('authorized');
    expect(await latestLine(id)).toMatchObject({ kind: 'authorized', contentHash: edited.contentHash });
    expect(authorized.currentApprovers).toEqual(approvers);

    // A pre-approved standard change already booked on the same server in the same window.
    const standard = await command(as.alice.POST('/changes', { body: {
      changeType: 'standard', templateId: 'tls-certificate-renewal', title: 'Renew payroll TLS certificate', justification: 'Expires soon',
      window, affectedCiIds: [server],
    } }), 201);
    await command(as.alice.POST('/changes/{id}/schedule', { ...on(standard.id), body: { window } }));
    const scheduled = await command(as.rita.POST('/changes/{id}/schedule', { ...on(id), body: { window } }));
    expect(scheduled.conflicts).toEqual([expect.objectContaining({ kind: 'same_ci', changeId: standard.id, ciId: server })]);
    expect((await record(id)).conflicts).toEqual(scheduled.conflicts);
    // Recorded once, by the change scheduled second; the one scheduled first shows it too, from its side.
    expect((await record(standard.id)).conflictsRecordedByOthers).toEqual([{ kind: 'same_ci', changeId: id, ciId: server, window }]);
    expect((await calendar({ ciIds: [server] })).items.map((c: Json) => c.id).sort()).toEqual([id, standard.id].sort());
    // The payroll service is built on the server (service contains app, app runs on server).
    expect((await calendar({ service })).items.map((c: Json) => c.id).sort()).toEqual([id, standard.id].sort());
    expect((await calendar({ service: server, state: ['draft'] })).items).toEqual([]);

    await command(as.rita.POST('/changes/{id}/start', on(id)));
    await command(as.rita.POST('/changes/{id}/complete', { ...on(id), body: { outcome: 'successful', notes: 'Patched' } }));
    // The requester does not review her own change: the change manager does.
    const review = { result: 'successful', notes: 'No incidents' } as const;
    expect((await command(as.rita.POST('/changes/{id}/review', { ...on(id), body: review }), 422)).code).toBe('change.self_approval');
    await command(as.max.POST('/changes/{id}/review', { ...on(id), body: review }));
    await command(as.rita.POST('/changes/{id}/close', on(id)));
    const closed = await record(id);
    expect(closed).toMatchObject({ status: 'closed', outcome: { result: 'successful' }, reviews: [expect.objectContaining({ kind: 'post_implementation' })] });
    expect((await ciRecord(server)).openChanges.map((c: Json) => c.id)).toEqual([standard.id]);
    expect((await cabAgenda()).items.map((c: Json) => c.id)).not.toContain(id);
  });

  it('lets an emergency change start before authorization and holds it open until the retrospective review', async () => {
    const ci = (await command(as.alice.POST('/cis', { body: { name: 'core-switch-b', ciClass: 'network_device', attributes: {}, ownerGroup: 'network', criticality: 1 } }), 201)).id;
    const { id } = await command(as.rita.POST('/changes', { body: {
      changeType: 'emergency', title: 'Replace failed line card', justification: 'Building B offline',
      implementationPlan: 'Swap card', backoutPlan: 'Reinsert old card', testPlan: 'Ping building B',
      window: { start: soon(-1), end: soon(60) }, affectedCiIds: [ci],
    } }), 201);
    await command(as.rita.POST('/changes/{id}/assess', on(id)));
    await command(as.rita.POST('/changes/{id}/start', on(id)));
    expect((await record(id)).retrospective).toMatchObject({ retrospectiveReviewRequired: true });

    await command(as.rita.POST('/changes/{id}/complete', { ...on(id), body: { outcome: 'successful', notes: 'Card replaced' } }));
    await command(as.carl.POST('/changes/{id}/review', { ...on(id), body: { result: 'successful', notes: 'Building B back' } }));
    const refused = await command(as.rita.POST('/changes/{id}/close', on(id)), 409);
    expect(refused.code).toBe('change.retrospective_review_required');

    await command(as.max.POST('/changes/{id}/retrospective-review', { ...on(id), body: { outcome: 'endorsed', notes: 'Right call' } }));
    await command(as.rita.POST('/changes/{id}/close', on(id)));
    const closed = await record(id);
    expect(closed.status).toBe('closed');
    expect(closed.reviews.map((r: Json) => r.kind).sort()).toEqual(['post_implementation', 'retrospective']);
    // Why the retrospective review was needed, and when, stays on the record after it.
    expect(closed.retrospective).toEqual({
      retrospectiveReviewRequired: false, flagReasons: ['not_authorized'], reviewerGroup: 'ecab', flaggedAt: expect.any(String), reviewedAt: expect.any(String),
    });
  });
});
