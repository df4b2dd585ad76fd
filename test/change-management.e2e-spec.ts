import { http, Platform } from './support/platform-processes';

/**
 * Change management end to end, as a CAB uses it: the three apps as processes on the embedded
 * default, every read waiting with consistentWith. A normal change goes through CAB approval, an
 * edit that invalidates the approvals, re-approval, a conflict both changes show, implementation and
 * a review by someone other than the requester; an emergency change starts before authorization and
 * cannot close until its retrospective review, whose reasons its record keeps.
 */
jest.setTimeout(90_000);

type Accepted = { id: string; revision: number; position: string };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('change management across the three apps', () => {
  let platform: Platform;
  let last = '';
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    platform = await Platform.start();
    tokens['alice'] = platform.token('alice', 'agent');
    tokens['rita'] = platform.token('rita', 'agent', 'cab-member');
    tokens['carl'] = platform.token('carl', 'cab-member');
    tokens['cara'] = platform.token('cara', 'cab-member');
    tokens['cody'] = platform.token('cody', 'cab-member');
    tokens['max'] = platform.token('max', 'change-manager');
  });
  afterAll(() => platform?.stop());

  async function command(who: string, path: string, body?: unknown, status = 200): Promise<Accepted & Json> {
    const answer = await http<Accepted & Json>('POST', `${platform.url('command-api')}${path}`, { token: tokens[who], ...(body === undefined ? {} : { body }) });
    expect({ path, who, status: answer.status, body: answer.body }).toMatchObject({ path, who, status });
    if (answer.status < 300) last = answer.body.position;
    return answer.body;
  }
  async function query(path: string): Promise<Json> {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await http<Json>('GET', `${platform.url('query-api')}${path}${separator}consistentWith=${last}`, { token: tokens['alice'] });
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    return answer.body;
  }
  const record = (id: string) => query(`/changes/${id}`);
  /** The approvals timeline is paged apart from the record; a short change's fits on one page. */
  const timeline = async (id: string): Promise<Json[]> => {
    const page = await query(`/changes/${id}/approvals`);
    expect(page.nextCursor).toBeNull();
    return page.items;
  };
  const latestLine = async (id: string): Promise<Json | undefined> => (await query(`/changes/${id}/approvals?order=desc&limit=1`)).items[0];
  const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  async function registerPayrollStack(): Promise<{ service: string; app: string; server: string }> {
    const ci = async (name: string, ciClass: string, criticality: number) =>
      (await command('alice', '/cis', { name, ciClass, attributes: {}, ownerGroup: 'payroll-ops', criticality }, 201)).id;
    const service = await ci('Payroll', 'service', 1);
    const app = await ci('payroll-app', 'application', 2);
    const server = await ci('srv-payroll-01', 'server', 3);
    await command('alice', `/cis/${service}/relationships`, { type: 'contains', targetCiId: app });
    await command('alice', `/cis/${app}/relationships`, { type: 'runs_on', targetCiId: server });
    return { service, app, server };
  }

  /** Approves with as many CAB members as the recorded rule requires; returns who approved. */
  async function approveAsCab(id: string): Promise<string[]> {
    const change = await record(id);
    const approvers = ['carl', 'cara', 'cody'].slice(0, change.approvalRule.required);
    for (const who of approvers) await command(who, `/changes/${id}/approve`, { contentHash: change.contentHash, comment: `ok from ${who}` });
    return approvers;
  }

  it('takes a normal change through CAB approval, invalidation, re-approval, implementation and review', async () => {
    const { service, server } = await registerPayrollStack();
    const window = { start: soon(-1), end: soon(120) };
    const raised = await command('rita', '/changes', {
      changeType: 'normal', title: 'Patch payroll server OS', justification: 'Security advisory',
      implementationPlan: 'Apply patches, reboot', backoutPlan: 'Restore snapshot', testPlan: 'Run payroll smoke test',
      window, affectedCiIds: [server],
    }, 201);
    const id = raised.id;
    expect((await query(`/cis/${server}`)).openChanges.map((c: Json) => c.id)).toEqual([id]);

    await command('rita', `/changes/${id}/assess`);
    const assessed = await record(id);
    expect(assessed).toMatchObject({ status: 'awaiting_authorization', approvalRule: { group: 'cab' } });
    // The payroll service is impacted through the application running on the server.
    expect(assessed.risk.inputs.affectedServices).toEqual([expect.objectContaining({ serviceId: service })]);
    expect(['high', 'very_high']).toContain(assessed.risk.level);
    expect((await query('/cab/agenda')).items.map((c: Json) => c.id)).toContain(id);

    const self = await command('rita', `/changes/${id}/approve`, { contentHash: assessed.contentHash }, 422);
    expect(self.code).toBe('change.self_approval');
    await command('carl', `/changes/${id}/approve`, { contentHash: assessed.contentHash, comment: 'fine' });

    // Editing the plan after an approval asks again: the approval was for other content.
    await command('rita', `/changes/${id}/update`, { implementationPlan: 'Apply patches, reboot, verify kernel' });
    const edited = await record(id);
    expect(edited.status).toBe('awaiting_authorization');
    expect(edited.contentHash).not.toBe(assessed.contentHash);
    expect((await timeline(id)).map((a: Json) => a.kind)).toEqual(['approved', 'invalidated']);
    expect(edited.approvalTimelineCount).toBe(2);
    const stale = await command('cara', `/changes/${id}/approve`, { contentHash: assessed.contentHash }, 409);
    expect(stale.code).toBe('change.content_mismatch');

    const approvers = await approveAsCab(id);
    const authorized = await record(id);
    expect(authorized.status).toBe('authorized');
    expect(await latestLine(id)).toMatchObject({ kind: 'authorized', contentHash: edited.contentHash });
    expect(authorized.currentApprovers).toEqual(approvers);

    // A pre-approved standard change already booked on the same server in the same window.
    const standard = await command('alice', '/changes', {
      changeType: 'standard', templateId: 'tls-certificate-renewal', title: 'Renew payroll TLS certificate', justification: 'Expires soon',
      window, affectedCiIds: [server],
    }, 201);
    await command('alice', `/changes/${standard.id}/schedule`, { window });
    const scheduled = await command('rita', `/changes/${id}/schedule`, { window });
    expect(scheduled.conflicts).toEqual([expect.objectContaining({ kind: 'same_ci', changeId: standard.id, ciId: server })]);
    expect((await record(id)).conflicts).toEqual(scheduled.conflicts);
    // Recorded once, by the change scheduled second; the one scheduled first shows it too, from its side.
    expect((await record(standard.id)).conflictsRecordedByOthers).toEqual([{ kind: 'same_ci', changeId: id, ciId: server, window }]);
    const calendar = await query(`/changes?from=${encodeURIComponent(soon(-60))}&to=${encodeURIComponent(soon(180))}&ci=${server}`);
    expect(calendar.items.map((c: Json) => c.id).sort()).toEqual([id, standard.id].sort());
    // The payroll service is built on the server (service contains app, app runs on server).
    const range = `from=${encodeURIComponent(soon(-60))}&to=${encodeURIComponent(soon(180))}`;
    expect((await query(`/changes?${range}&service=${service}`)).items.map((c: Json) => c.id).sort()).toEqual([id, standard.id].sort());
    expect((await query(`/changes?${range}&service=${server}&state=draft`)).items).toEqual([]);

    await command('rita', `/changes/${id}/start`);
    await command('rita', `/changes/${id}/complete`, { outcome: 'successful', notes: 'Patched' });
    // The requester does not review her own change: the change manager does.
    expect((await command('rita', `/changes/${id}/review`, { result: 'successful', notes: 'No incidents' }, 422)).code).toBe('change.self_approval');
    await command('max', `/changes/${id}/review`, { result: 'successful', notes: 'No incidents' });
    await command('rita', `/changes/${id}/close`);
    const closed = await record(id);
    expect(closed).toMatchObject({ status: 'closed', outcome: { result: 'successful' }, reviews: [expect.objectContaining({ kind: 'post_implementation' })] });
    expect((await query(`/cis/${server}`)).openChanges.map((c: Json) => c.id)).toEqual([standard.id]);
    expect((await query('/cab/agenda')).items.map((c: Json) => c.id)).not.toContain(id);
  });

  it('lets an emergency change start before authorization and holds it open until the retrospective review', async () => {
    const ci = (await command('alice', '/cis', { name: 'core-switch-b', ciClass: 'network_device', attributes: {}, ownerGroup: 'network', criticality: 1 }, 201)).id;
    const { id } = await command('rita', '/changes', {
      changeType: 'emergency', title: 'Replace failed line card', justification: 'Building B offline',
      implementationPlan: 'Swap card', backoutPlan: 'Reinsert old card', testPlan: 'Ping building B',
      window: { start: soon(-1), end: soon(60) }, affectedCiIds: [ci],
    }, 201);
    await command('rita', `/changes/${id}/assess`);
    await command('rita', `/changes/${id}/start`);
    expect((await record(id)).retrospective).toMatchObject({ retrospectiveReviewRequired: true });

    await command('rita', `/changes/${id}/complete`, { outcome: 'successful', notes: 'Card replaced' });
    await command('carl', `/changes/${id}/review`, { result: 'successful', notes: 'Building B back' });
    const refused = await command('rita', `/changes/${id}/close`, undefined, 409);
    expect(refused.code).toBe('change.retrospective_review_required');

    await command('max', `/changes/${id}/retrospective-review`, { outcome: 'endorsed', notes: 'Right call' });
    await command('rita', `/changes/${id}/close`);
    const closed = await record(id);
    expect(closed.status).toBe('closed');
    expect(closed.reviews.map((r: Json) => r.kind).sort()).toEqual(['post_implementation', 'retrospective']);
    // Why the retrospective review was needed, and when, stays on the record after it.
    expect(closed.retrospective).toEqual({
      retrospectiveReviewRequired: false, flagReasons: ['not_authorized'], reviewerGroup: 'ecab', flaggedAt: expect.any(String), reviewedAt: expect.any(String),
    });
  });
});
