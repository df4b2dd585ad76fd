import {
  approvalTimelineProjection, blackoutWindowProjection, changeCalendarProjection, changeRecordProjection, type AnyProjection,
} from '@itsm/projections';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';

const PROJECTIONS = [changeRecordProjection, approvalTimelineProjection, changeCalendarProjection, blackoutWindowProjection] as unknown as readonly AnyProjection[];
const WINDOW = { start: '2026-03-10T20:00:00.000Z', end: '2026-03-10T23:00:00.000Z' };
const change = (routerId: string) => ({
  changeType: 'normal', title: 'Upgrade the router', justification: 'End of support', implementationPlan: 'upgrade',
  backoutPlan: 'downgrade', testPlan: 'ping', window: WINDOW, affectedCiIds: [routerId],
});

describe('Change queries over HTTP', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start(PROJECTIONS);
  });
  afterAll(() => apps.stop());

  const project = () => apps.project();
  const get = (url: string) => apps.queries.request('GET', url, { token: apps.queries.token('audrey', 'auditor') });
  const post = (url: string, body?: object, who = apps.commands.token('rita', 'agent')) => apps.commands.request('POST', url, { token: who, ...(body ? { body } : {}) });

  it('serves the record, its approvals timeline, the calendar, the CAB agenda, blackouts and templates', async () => {
    const { body: router } = await post('/cis', { name: 'core-router', ciClass: 'network_device', attributes: {}, ownerGroup: 'network', criticality: 2 });
    const { body: raised } = await post('/changes', change(String(router.id)));
    await post(`/changes/${raised.id}/assess`);
    const record = await post('/blackout-windows', { name: 'Freeze', window: WINDOW, scope: { kind: 'all' }, reason: 'audit' }, apps.commands.token('carl', 'change-manager'));
    expect(record.status).toBe(201);
    expect((await get(`/changes/${raised.id}?consistentWith=${record.body.position}`)).status).toBe(503);
    await project();

    const detail = await get(`/changes/${raised.id}?consistentWith=${record.body.position}`);
    expect(detail).toMatchObject({ status: 200, body: { id: raised.id, status: 'awaiting_authorization', requester: 'rita', risk: { level: expect.any(String) }, approvalTimelineCount: 0 } });
    expect(detail.body._position).toBeUndefined();
    expect(await get(`/changes/${raised.id}/approvals?consistentWith=${record.body.position}`)).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });

    const calendar = await get(`/changes?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z&ci=${String(router.id)}&state=awaiting_authorization,draft`);
    expect(calendar.body.items.map((item: { id: string }) => item.id)).toEqual([raised.id]);
    expect((await get('/changes?from=2026-03-11T00:00:00Z&to=2026-03-12T00:00:00Z')).body.items).toEqual([]);

    expect((await get('/cab/agenda')).body.items.map((item: { id: string }) => item.id)).toEqual([raised.id]);
    expect((await get('/blackout-windows?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z')).body).toMatchObject({ items: [{ name: 'Freeze', scope: { kind: 'all' } }], nextCursor: null });
    expect((await get('/change-templates')).body.items.map((template: { id: string }) => template.id)).toContain('os-security-patch');
  });

  /** Approves with as many members of the recorded rule's group as it needs. */
  const authorize = async (id: string) => {
    await project();
    const { body: record } = await get(`/changes/${id}`);
    const role = record.approvalRule.group === 'cab' ? 'cab-member' : 'change-manager';
    for (let i = 0; i < record.approvalRule.required; i++) {
      expect((await post(`/changes/${id}/approve`, { contentHash: record.contentHash }, apps.commands.token(`approver-${i}`, role))).status).toBe(200);
    }
  };
  const lastRevision = async (stream: string) => (await apps.events.readStream(stream)).at(-1)?.revision;

  it('shows a conflict on both changes and on the CAB agenda: the change scheduled first learns of the one scheduled into its window', async () => {
    const window = { start: '2026-03-12T20:00:00.000Z', end: '2026-03-12T23:00:00.000Z' };
    const { body: ci } = await post('/cis', { name: 'core-switch', ciClass: 'network_device', attributes: {}, ownerGroup: 'network', criticality: 2 });
    const switchId = String(ci.id);
    const { body: first } = await post('/changes', { ...change(switchId), title: 'Upgrade the switch', window });
    await post(`/changes/${first.id}/assess`);
    await authorize(first.id);
    const { body: second } = await post('/changes', { ...change(switchId), title: 'Re-cable the switch', window });
    await post(`/changes/${second.id}/assess`);
    await authorize(second.id);
    await project();
    const scheduled = await post(`/changes/${second.id}/schedule`, { window });
    expect(scheduled.body.conflicts).toEqual([{ kind: 'same_ci', changeId: first.id, ciId: switchId, window }]);

    // An edit of the first change's plan asks its approvers again: it is back on the CAB agenda, with the conflict.
    const edited = await post(`/changes/${first.id}/update`, { backoutPlan: 'Restore the saved configuration' });
    await project();
    const agenda = await get(`/cab/agenda?consistentWith=${edited.body.position}`);
    const onAgenda = agenda.body.items.find((item: { id: string }) => item.id === first.id);
    expect(onAgenda).toMatchObject({ conflicts: [], conflictsRecordedByOthers: [{ kind: 'same_ci', changeId: second.id, ciId: switchId, window }] });
    const firstRecord = await get(`/changes/${first.id}`);
    expect(firstRecord.body).toMatchObject({ status: 'awaiting_authorization', conflictsRecordedByOthers: [{ changeId: second.id }] });
    expect(firstRecord.body.revision).toBe(await lastRevision(`change-${first.id}`));
    const secondRecord = await get(`/changes/${second.id}`);
    expect(secondRecord.body).toMatchObject({ status: 'scheduled', conflicts: scheduled.body.conflicts, conflictsRecordedByOthers: [] });
    expect(secondRecord.body.revision).toBe(await lastRevision(`change-${second.id}`));

    // The second change is cancelled: the conflict no longer stands on the first.
    const cancelled = await post(`/changes/${second.id}/cancel`, { reason: 'Merged into the upgrade' });
    await project();
    expect((await get(`/changes/${first.id}?consistentWith=${cancelled.body.position}`)).body.conflictsRecordedByOthers).toEqual([]);
  });

  it('serves blackout windows with their stream revision', async () => {
    const window = { start: '2026-04-01T00:00:00.000Z', end: '2026-04-02T00:00:00.000Z' };
    const carl = apps.commands.token('carl', 'change-manager');
    const defined = await post('/blackout-windows', { name: 'Quarter close', window, scope: { kind: 'all' }, reason: 'finance' }, carl);
    const renamed = await post(`/blackout-windows/${defined.body.id}/change`, { name: 'Quarter close (extended)' }, carl);
    expect(renamed.status).toBe(200);
    await project();
    const found = await get(`/blackout-windows?from=${window.start}&to=${window.end}&consistentWith=${renamed.body.position}`);
    expect(found.body.items).toEqual([expect.objectContaining({ id: defined.body.id, name: 'Quarter close (extended)', revision: renamed.body.revision })]);
  });

  it('404 for an unknown change, 400 for a bad range or state', async () => {
    expect((await get('/changes/4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c')).body.code).toBe('change.not_found');
    expect((await get('/changes/4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c/approvals')).body.code).toBe('change.not_found');
    expect((await get('/changes?from=2026-03-11T00:00:00Z&to=2026-03-10T00:00:00Z')).status).toBe(400);
    expect((await get('/changes?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z&state=sleeping')).status).toBe(400);
    expect((await get('/changes?to=2026-03-11T00:00:00Z')).status).toBe(400);
  });
});
