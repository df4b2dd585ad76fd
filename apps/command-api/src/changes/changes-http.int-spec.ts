import type { EventStore } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { blackoutWindowProjection, changeCalendarProjection, changeRecordProjection, projectEvents, projectionKey, type AnyProjection } from '@itsm/projections';
import type { ReadStore, StoredDocument } from '@itsm/read-store';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { CommandApiModule } from '../command-api.module';

// No CMDB data here: the risk comes from a short lead time (< 24 h: 2 points) and 20 CIs (2 points) = high.
/** Registered in beforeAll: a change may name only CIs the log knows. */
const CIS: string[] = [];
const WINDOW = { start: '2026-03-02T20:00:00.000Z', end: '2026-03-03T02:00:00.000Z' };
const plans = { implementationPlan: 'Patch the cluster', backoutPlan: 'Restore the snapshot', testPlan: 'Smoke test' };
const CHANGE_PROJECTIONS = [changeRecordProjection, changeCalendarProjection, blackoutWindowProjection] as unknown as readonly AnyProjection[];
const normal = { changeType: 'normal', title: 'Patch DB cluster', justification: 'CVE', ...plans, window: WINDOW, affectedCiIds: CIS };

describe('Change commands over HTTP (fixed clock)', () => {
  let api: InProcessApp;
  let events: EventStore;
  let reads: ReadStore;
  let now = FIXED_NOW;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // No projector runs here: lookups wait briefly for read models that never catch up, then decide on what is known.
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => now), { CONSISTENCY_TIMEOUT_MS: '20' });
    events = await openEventStore(api.config);
    reads = await openReadStore(api.config, 'read-write');
    for (const projection of CHANGE_PROJECTIONS) await reads.ensureCollection(projection.collection);
    tokens.rita = api.token('rita', 'agent', 'cab-member');
    tokens.carl = api.token('carl', 'change-manager');
    tokens.cab1 = api.token('cab1', 'cab-member');
    tokens.cab2 = api.token('cab2', 'cab-member');
    tokens.ivan = api.token('ivan', 'agent');
    tokens.impl = api.token('impl', 'agent', 'cab-member');
    tokens.root = api.token('root', 'admin');
    for (let i = 0; i < 20; i++) {
      const registered = await post('rita', '/cis', { name: `db-node-${i}`, ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3 });
      CIS.push(String(registered.body.id));
    }
  });
  afterAll(async () => {
    await events.close();
    await reads.close();
    await api.stop();
  });

  const post = (who: string, url: string, body?: object) => api.request('POST', url, { token: tokens[who], ...(body ? { body } : {}) });
  const act = (who: string, id: string, action: string, body?: object) => post(who, `/changes/${id}/${action}`, body);
  const streamOf = async (id: string) => events.readStream(`change-${id}`);
  const contentHash = async (id: string) => {
    const stream = await streamOf(id);
    const hashes = stream.map((event) => (event.data as { contentHash?: string }).contentHash).filter((hash) => hash !== undefined);
    return hashes.at(-1) as string;
  };
  /** Runs the change projections over the whole log, as the projector would. */
  const project = async () => {
    const log = await events.readAll({ max: 10_000 });
    for (const projection of CHANGE_PROJECTIONS) {
      const stored = new Map<string, StoredDocument>();
      const docs = projectEvents(projection, log, stored);
      const checkpoint = log.at(-1)?.position;
      if (checkpoint === undefined) continue;
      await reads.applyBatch(projectionKey(projection), docs.map((document) => ({ collection: projection.collection.name, document })), checkpoint);
    }
  };
  const expectProblem = (answer: { status: number; body: { code: string } }, status: number, code: string) =>
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });

  it('takes a normal change through CAB approval, re-approval after an edit, scheduling, implementation and closure', async () => {
    const other = await post('ivan', '/changes', { ...normal, changeType: 'standard', templateId: 'os-security-patch', implementationPlan: undefined, backoutPlan: undefined, testPlan: undefined, affectedCiIds: [CIS[0]], window: { start: '2026-03-02T21:00:00Z', end: '2026-03-02T23:00:00Z' } });
    expect(other.status).toBe(201);
    const freeze = await post('carl', '/blackout-windows', { name: 'Storage migration', window: { start: '2026-03-03T00:00:00Z', end: '2026-03-03T01:00:00Z' }, scope: { kind: 'cis', ciIds: [CIS[5]] }, reason: 'SAN move' });
    expect(freeze.status).toBe(201);

    const raised = await post('rita', '/changes', normal);
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    expect((await act('rita', id, 'assess')).status).toBe(200);
    const assessed = (await streamOf(id)).at(-1);
    expect(assessed?.data).toMatchObject({ risk: 'high', approvalRule: { group: 'cab', required: 2 } });

    const hash = await contentHash(id);
    expectProblem(await act('rita', id, 'approve', { contentHash: hash }), 422, 'change.self_approval');
    expectProblem(await act('carl', id, 'approve', { contentHash: hash }), 422, 'change.not_in_approval_group');
    expect((await act('cab1', id, 'approve', { contentHash: hash, comment: 'fine' })).status).toBe(200);

    expect((await act('rita', id, 'update', { backoutPlan: 'Fail over to the replica' })).status).toBe(200);
    expect((await streamOf(id)).at(-1)?.type).toBe('ApprovalsInvalidated');
    const newHash = await contentHash(id);
    expectProblem(await act('cab1', id, 'approve', { contentHash: hash }), 409, 'change.content_mismatch');
    expect((await act('cab1', id, 'approve', { contentHash: newHash })).status).toBe(200);
    expect((await act('cab2', id, 'approve', { contentHash: newHash })).status).toBe(200);
    expect((await streamOf(id)).at(-1)?.type).toBe('ChangeAuthorized');

    await project();
    expectProblem(await act('rita', id, 'schedule', { window: WINDOW }), 422, 'change.blackout_window');
    const slot = { start: '2026-03-02T20:00:00Z', end: '2026-03-02T23:00:00Z' };
    expect((await act('rita', id, 'schedule', { window: slot })).status).toBe(200);
    const scheduled = (await streamOf(id)).at(-1);
    expect(scheduled?.data).toMatchObject({ conflicts: [{ kind: 'same_ci', changeId: other.body.id, ciId: CIS[0] }], blackoutOverride: false });

    expectProblem(await act('rita', id, 'start'), 422, 'change.outside_window');
    now = new Date('2026-03-02T20:30:00.000Z');
    expect((await act('rita', id, 'start')).status).toBe(200);
    expect((await act('rita', id, 'complete', { outcome: 'successful', notes: 'done' })).status).toBe(200);
    expect((await act('carl', id, 'review', { result: 'successful', notes: 'clean' })).status).toBe(200);
    const closed = await act('rita', id, 'close');
    expect(closed.status).toBe(200);
    expect((await streamOf(id)).map((event) => event.type)).toEqual([
      'ChangeRaised', 'ChangeAssessed', 'ChangeApproved', 'ChangeUpdated', 'ApprovalsInvalidated', 'ChangeApproved', 'ChangeApproved',
      'ChangeAuthorized', 'ChangeScheduled', 'ChangeImplementationStarted', 'ChangeImplementationCompleted', 'ChangeReviewed', 'ChangeClosed',
    ]);
    now = FIXED_NOW;
  });

  it('refuses to start a normal change before authorization (409)', async () => {
    const { body } = await post('rita', '/changes', normal);
    const answer = await act('rita', body.id, 'start');
    expect(answer.status).toBe(409);
  });

  it('lets an emergency change into a blackout, recorded as an override', async () => {
    await project();
    const { body } = await post('rita', '/changes', { ...normal, changeType: 'emergency' });
    await act('rita', body.id, 'assess');
    expect((await act('carl', body.id, 'approve', { contentHash: await contentHash(body.id) })).status).toBe(200);
    expect((await act('rita', body.id, 'schedule', { window: WINDOW })).status).toBe(200);
    expect((await streamOf(body.id)).at(-1)?.data).toMatchObject({ blackoutOverride: true, conflicts: expect.arrayContaining([expect.objectContaining({ kind: 'blackout' })]) });
  });

  it('starts an emergency change before authorization and closes it only after the retrospective review', async () => {
    const { body } = await post('rita', '/changes', { ...normal, changeType: 'emergency' });
    await act('rita', body.id, 'assess');
    expect((await act('rita', body.id, 'start')).status).toBe(200);
    expect((await streamOf(body.id)).at(-1)?.data).toMatchObject({ retrospectiveReviewRequired: true, reviewerGroup: 'ecab' });
    await act('rita', body.id, 'complete', { outcome: 'successful', notes: 'done' });
    await act('cab1', body.id, 'review', { result: 'successful', notes: 'ok' });
    expectProblem(await act('rita', body.id, 'close'), 409, 'change.retrospective_review_required');
    expect((await act('carl', body.id, 'retrospective-review', { outcome: 'endorsed', notes: 'was needed' })).status).toBe(200);
    expect((await act('rita', body.id, 'close')).status).toBe(200);
  });

  it('keeps the checks apart from the work: no review by the requester or the implementer, and the reviews are the change authority’s', async () => {
    const { body } = await post('rita', '/changes', { ...normal, changeType: 'emergency', affectedCiIds: [CIS[7]] });
    expect((await act('rita', body.id, 'assign', { assignee: 'impl' })).status).toBe(200);
    await act('rita', body.id, 'assess');
    expect((await act('impl', body.id, 'start')).status).toBe(200);
    await act('impl', body.id, 'complete', { outcome: 'successful', notes: 'done' });

    expect((await act('ivan', body.id, 'review', { result: 'successful', notes: 'mine to judge?' })).status).toBe(403);
    expectProblem(await act('rita', body.id, 'review', { result: 'successful', notes: 'my own change' }), 422, 'change.self_approval');
    expectProblem(await act('impl', body.id, 'review', { result: 'successful', notes: 'my own work' }), 422, 'change.implementer_approval');
    expectProblem(await act('impl', body.id, 'retrospective-review', { outcome: 'endorsed', notes: 'my own start' }), 422, 'change.implementer_approval');
    expect((await act('cab1', body.id, 'review', { result: 'successful', notes: 'clean' })).status).toBe(200);
    expect((await act('carl', body.id, 'retrospective-review', { outcome: 'endorsed', notes: 'was needed' })).status).toBe(200);
  });

  it('gives admin no approval authority: 403 on approving, rejecting, both reviews and blackout windows, while it works changes', async () => {
    const { body, status } = await post('root', '/changes', { ...normal, affectedCiIds: [CIS[8]] });
    expect(status).toBe(201);
    expect((await act('root', body.id, 'assess')).status).toBe(200);
    const hash = await contentHash(body.id);
    expect((await act('root', body.id, 'approve', { contentHash: hash })).status).toBe(403);
    expect((await act('root', body.id, 'reject', { contentHash: hash, comment: 'no' })).status).toBe(403);
    expect((await post('root', '/blackout-windows', { name: 'Admin freeze', window: WINDOW, scope: { kind: 'all' }, reason: 'x' })).status).toBe(403);

    const emergency = await post('rita', '/changes', { ...normal, changeType: 'emergency', affectedCiIds: [CIS[9]] });
    await act('rita', emergency.body.id, 'assess');
    await act('rita', emergency.body.id, 'start');
    await act('rita', emergency.body.id, 'complete', { outcome: 'successful', notes: 'done' });
    expect((await act('root', emergency.body.id, 'review', { result: 'successful', notes: 'fine' })).status).toBe(403);
    expect((await act('root', emergency.body.id, 'retrospective-review', { outcome: 'endorsed', notes: 'fine' })).status).toBe(403);
    expect((await act('root', emergency.body.id, 'close')).status).toBe(409);
  });

  it('names only CIs the log knows and that are not retired, at most 200, refusing the rest with 422 naming the field', async () => {
    const head = await events.headPosition();
    const ghost = await post('rita', '/changes', { ...normal, affectedCiIds: [CIS[0], 'ghost-ci'] });
    expect(ghost).toMatchObject({ status: 422, body: { code: 'change.ci_unknown', errors: [{ field: 'affectedCiIds', reason: expect.stringContaining('ghost-ci') }] } });
    const retired = await post('rita', '/cis', { name: 'old-db', ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3 });
    await post('rita', `/cis/${String(retired.body.id)}/retire`, { reason: 'gone' });
    expectProblem(await post('rita', '/changes', { ...normal, affectedCiIds: [String(retired.body.id)] }), 422, 'change.ci_retired');
    const many = Array.from({ length: 201 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(await post('rita', '/changes', { ...normal, affectedCiIds: many })).toMatchObject({ status: 422, body: { code: 'change.too_many_cis', errors: [{ field: 'affectedCiIds' }] } });
    const freeze = await post('carl', '/blackout-windows', { name: 'Typo', window: WINDOW, scope: { kind: 'cis', ciIds: ['ghost-ci'] }, reason: 'x' });
    expectProblem(freeze, 422, 'blackout_window.ci_unknown');
    expect((await events.readAll({ after: head })).filter((event) => event.stream.startsWith('change-') || event.stream.startsWith('blackout'))).toEqual([]);
  });

  it('400 for unknown fields; 403 for an agent approving; 422 for an unknown template', async () => {
    expect((await post('rita', '/changes', { ...normal, colour: 'red' })).status).toBe(400);
    const { body } = await post('rita', '/changes', normal);
    expect((await act('ivan', body.id, 'approve', { contentHash: 'sha256:x' })).status).toBe(403);
    expectProblem(await post('rita', '/changes', { ...normal, changeType: 'standard', templateId: 'nope' }), 422, 'change.template_unknown');
  });
});
