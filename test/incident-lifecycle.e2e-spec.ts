import { http, Platform } from './support/platform-processes';

/**
 * The walking skeleton end to end: three real processes on a temp data dir, driven over HTTP as a
 * frontend would, reading its own writes with consistentWith (never sleeps).
 */
jest.setTimeout(60_000);

type Accepted = { id: string; revision: number; position: string };
type QueuePage = { items: { id: string; priority: number; assignee: string | null; status: string }[]; nextCursor: string | null };

describe('an incident from open to close, across the three apps', () => {
  let platform: Platform;
  let alice: string;
  let commandApi: string;
  let queryApi: string;

  beforeAll(async () => {
    platform = await Platform.start();
    alice = platform.token('alice', 'agent');
    commandApi = platform.url('command-api');
    queryApi = platform.url('query-api');
  });
  afterAll(() => platform?.stop());

  const command = async (path: string, body?: unknown, status = 200): Promise<Accepted> => {
    const answer = await http<Accepted>('POST', `${commandApi}${path}`, { token: alice, ...(body === undefined ? {} : { body }) });
    expect({ path, status: answer.status, body: answer.body }).toMatchObject({ path, status });
    return answer.body;
  };
  const query = async <T>(path: string, position: string): Promise<T> => {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await http<T>('GET', `${queryApi}${path}${separator}consistentWith=${position}`, { token: alice });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const queueIds = async (path: string, position: string) => (await query<QueuePage>(path, position)).items.map((item) => item.id);
  const detail = (id: string, position: string) => query<Record<string, unknown>>(`/incidents/${id}`, position);

  it('shows every step in the incident detail and the work queues', async () => {
    const opened = await command('/incidents', {
      title: 'Printer on floor 3 jams', description: 'Every print job jams', caller: 'dave', category: 'hardware',
      impact: 3, urgency: 2, assignmentGroup: 'desk-side',
    }, 201);
    const id = opened.id;
    expect(await detail(id, opened.position)).toMatchObject({ status: 'new', priority: 4, openedBy: 'alice', updatedBy: 'alice', revision: 0 });
    expect(await queueIds('/queues/desk-side', opened.position)).toEqual([id]);
    expect(await queueIds('/queues/unassigned', opened.position)).toContain(id);

    const assigned = await command(`/incidents/${id}/assign`, { assignee: 'alice' });
    expect(await detail(id, assigned.position)).toMatchObject({ status: 'in_progress', assignee: 'alice', revision: 1 });
    expect(await queueIds('/queues/unassigned', assigned.position)).not.toContain(id);
    expect(await queueIds('/queues/assignee/alice', assigned.position)).toEqual([id]);

    const urgent = await command('/incidents', {
      title: 'Core switch down', description: 'Building B offline', caller: 'erin', category: 'network', impact: 1, urgency: 1, assignmentGroup: 'network',
    }, 201);
    const reassigned = await command(`/incidents/${id}/reassign`, { assignmentGroup: 'network', reason: 'Jams come from the print server' });
    expect(await queueIds('/queues/desk-side', reassigned.position)).toEqual([]);
    // Priority first: the P1 switch outage leads, though the printer incident is older.
    expect(await queueIds('/queues/network', reassigned.position)).toEqual([urgent.id, id]);
    expect(await detail(id, reassigned.position)).toMatchObject({ assignmentGroup: 'network', assignee: null, reassignmentCount: 1 });

    await command(`/incidents/${id}/work-notes`, { text: 'Print server queue is stuck' });
    const commented = await command(`/incidents/${id}/comments`, { text: 'We are looking into it' });
    expect(await detail(id, commented.position)).toMatchObject({ workNoteCount: 1, commentCount: 1 });

    const held = await command(`/incidents/${id}/hold`, { reason: 'awaiting_vendor', note: 'Spare part ordered' });
    expect(await detail(id, held.position)).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_vendor' });
    expect(await queueIds('/queues/network', held.position)).toContain(id);
    await command(`/incidents/${id}/resume`);

    const reclassified = await command(`/incidents/${id}/reclassify`, { impact: 1, urgency: 1, reason: 'Payroll cannot print cheques' });
    expect(await detail(id, reclassified.position)).toMatchObject({ priority: 1 });
    // Same priority now: the older incident comes first.
    expect(await queueIds('/queues/network', reclassified.position)).toEqual([id, urgent.id]);

    const resolved = await command(`/incidents/${id}/resolve`, { resolutionCode: 'solved_permanently', resolutionNotes: 'Print server restarted' });
    expect(await queueIds('/queues/network', resolved.position)).toEqual([urgent.id]);
    const reopened = await command(`/incidents/${id}/reopen`, { reason: 'Jammed again' });
    expect(await detail(id, reopened.position)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(await queueIds('/queues/network', reopened.position)).toContain(id);
    await command(`/incidents/${id}/resolve`, { resolutionCode: 'solved_permanently', resolutionNotes: 'Roller replaced' });
    const closed = await command(`/incidents/${id}/close`);
    const final = await detail(id, closed.position);
    expect(final).toMatchObject({ status: 'closed', revision: 11, resolutionNotes: 'Roller replaced', closedAt: expect.any(String) });

    const refused = await http('POST', `${commandApi}/incidents/${id}/assign`, { token: alice, body: { assignee: 'bob' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'incident.closed' });
    expect(await detail(id, closed.position)).toEqual(final);

    const list = await query<QueuePage>('/incidents?state=closed', closed.position);
    expect(list.items.map((item) => item.id)).toEqual([id]);
  });

  it('loses and duplicates nothing when the projector is killed and restarted', async () => {
    const opened = await command('/incidents', {
      title: 'Laptop slow', description: 'Very slow', caller: 'fay', category: 'hardware', impact: 2, urgency: 3, assignmentGroup: 'restart-test',
    }, 201);
    const notes = Array.from({ length: 30 }, (_, i) => `note ${i}`);
    const firstHalf = notes.slice(0, 15);
    const secondHalf = notes.slice(15);
    // Kill while the projector is busy with the first half, then write the rest while it is down.
    await Promise.all(firstHalf.map((text) => command(`/incidents/${opened.id}/work-notes`, { text })));
    await platform.kill('projector');
    let last = opened;
    for (const text of secondHalf) last = await command(`/incidents/${opened.id}/work-notes`, { text });
    await platform.startApp('projector');

    const after = await detail(opened.id, last.position);
    expect(after['workNoteCount']).toBe(30);
    const written = (after['workNotes'] as { text: string }[]).map((n) => n.text).sort();
    expect(written).toEqual([...notes].sort());
    expect(await queueIds('/queues/restart-test', last.position)).toEqual([opened.id]);

    const health = await http<{ checks: { projections: { projections: { checkpoint: string }[] } } }>('GET', `${platform.url('projector')}/health`);
    expect(health.status).toBe(200);
    for (const projection of health.body.checks.projections.projections) expect(projection.checkpoint >= last.position).toBe(true);
  });

  it('every app answers /health without a token', async () => {
    for (const app of ['command-api', 'query-api', 'projector'] as const) {
      const answer = await http<{ status: string }>('GET', `${platform.url(app)}/health`);
      expect({ app, status: answer.status, body: answer.body.status }).toEqual({ app, status: 200, body: 'up' });
    }
  });
});
