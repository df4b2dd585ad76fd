import { http, type Platform } from './platform-processes';

/**
 * The walking skeleton as a frontend drives it: every step over HTTP, each read waiting with
 * consistentWith (never sleeps). Shared by the end-to-end runs on each pair of stores. Incidents are
 * opened with Idempotency-Keys, so their ids are the same on every run and the read models of two
 * runs can be compared.
 */
type Accepted = { id: string; revision: number; position: string };
type Page = { items: Record<string, unknown>[]; nextCursor: string | null };

export class LifecycleClient {
  readonly alice: string;

  constructor(private readonly platform: Platform) {
    this.alice = platform.token('alice', 'agent');
  }

  async command(path: string, body?: unknown, status = 200, headers: Record<string, string> = {}): Promise<Accepted> {
    const answer = await http<Accepted>('POST', `${this.platform.url('command-api')}${path}`, { token: this.alice, headers, ...(body === undefined ? {} : { body }) });
    expect({ path, status: answer.status, body: answer.body }).toMatchObject({ path, status });
    return answer.body;
  }

  async open(key: string, body: Record<string, unknown>): Promise<Accepted> {
    return this.command('/incidents', body, 201, { 'idempotency-key': key });
  }

  async query<T>(path: string, position: string): Promise<T> {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await http<T>('GET', `${this.platform.url('query-api')}${path}${separator}consistentWith=${position}`, { token: this.alice });
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    return answer.body;
  }

  async queueIds(path: string, position: string): Promise<string[]> {
    return (await this.query<Page>(path, position)).items.map((item) => item['id'] as string);
  }

  detail(id: string, position: string): Promise<Record<string, unknown>> {
    return this.query(`/incidents/${id}`, position);
  }

  /** Every item of a paged list, following nextCursor to the last page. */
  async allPages(path: string, position: string): Promise<{ items: Record<string, unknown>[]; pages: number }> {
    const items: Record<string, unknown>[] = [];
    let pages = 0;
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: Page = await this.query<Page>(cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`, position);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    return { items, pages };
  }
}

interface HistoryEntry {
  readonly type: string;
  readonly revision: number;
  readonly actor: string;
  readonly commandType: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly hash: string;
  readonly prevHash: string | null;
  readonly changes: readonly { field: string; from: unknown; to: unknown }[];
}

const textsOf = (notes: { items: Record<string, unknown>[] }): string[] => notes.items.map((note) => note['text'] as string);

/** Runs the whole lifecycle with its assertions; returns the read models it ends with, times removed. */
export async function runIncidentLifecycle(platform: Platform): Promise<unknown> {
  const c = new LifecycleClient(platform);
  const opened = await c.open('printer-floor-3', {
    title: 'Printer on floor 3 jams', description: 'Every print job jams', caller: 'dave', category: 'hardware', impact: 3, urgency: 2, assignmentGroup: 'desk-side',
  });
  const id = opened.id;
  expect(await c.detail(id, opened.position)).toMatchObject({ status: 'new', priority: 4, openedBy: 'alice', updatedBy: 'alice', revision: 0 });
  expect(await c.queueIds('/queues/desk-side', opened.position)).toEqual([id]);
  expect(await c.queueIds('/queues/unassigned', opened.position)).toContain(id);

  const assigned = await c.command(`/incidents/${id}/assign`, { assignee: 'alice' });
  // State and assignment are independent: assigned, it is still new until someone starts the work.
  expect(await c.detail(id, assigned.position)).toMatchObject({ status: 'new', assignee: 'alice', revision: 1 });
  expect(await c.queueIds('/queues/unassigned', assigned.position)).not.toContain(id);
  expect(await c.queueIds('/queues/assignee/alice', assigned.position)).toEqual([id]);
  const started = await c.command(`/incidents/${id}/start`);
  expect(await c.detail(id, started.position)).toMatchObject({ status: 'in_progress', assignee: 'alice', revision: 2 });

  const urgent = await c.open('core-switch', {
    title: 'Core switch down', description: 'Building B offline', caller: 'erin', category: 'network', impact: 1, urgency: 1, assignmentGroup: 'network',
  });
  const reassigned = await c.command(`/incidents/${id}/reassign`, { assignmentGroup: 'network', reason: 'Jams come from the print server' });
  expect(await c.queueIds('/queues/desk-side', reassigned.position)).toEqual([]);
  // Priority first: the P1 switch outage leads, though the printer incident is older.
  expect(await c.queueIds('/queues/network', reassigned.position)).toEqual([urgent.id, id]);
  expect(await c.detail(id, reassigned.position)).toMatchObject({ assignmentGroup: 'network', assignee: null, reassignmentCount: 1 });

  await c.command(`/incidents/${id}/work-notes`, { text: 'Print server queue is stuck' });
  const commented = await c.command(`/incidents/${id}/comments`, { text: 'We are looking into it' });
  expect(await c.detail(id, commented.position)).toMatchObject({ workNoteCount: 1, commentCount: 1, lastWorkNoteBy: 'alice', lastCommentBy: 'alice' });
  // Work notes (internal) and comments (customer-visible) are paged apart.
  expect(textsOf(await c.query<Page>(`/incidents/${id}/work-notes`, commented.position))).toEqual(['Print server queue is stuck']);
  expect(textsOf(await c.query<Page>(`/incidents/${id}/comments`, commented.position))).toEqual(['We are looking into it']);

  const held = await c.command(`/incidents/${id}/hold`, { reason: 'awaiting_vendor', note: 'Spare part ordered' });
  expect(await c.detail(id, held.position)).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_vendor' });
  expect(await c.queueIds('/queues/network', held.position)).toContain(id);
  await c.command(`/incidents/${id}/resume`);

  const reclassified = await c.command(`/incidents/${id}/reclassify`, { impact: 1, urgency: 1, reason: 'Payroll cannot print cheques' });
  expect(await c.detail(id, reclassified.position)).toMatchObject({ priority: 1 });
  // Same priority now: the older incident comes first.
  expect(await c.queueIds('/queues/network', reclassified.position)).toEqual([id, urgent.id]);

  const resolved = await c.command(`/incidents/${id}/resolve`, { resolutionCode: 'solved_permanently', resolutionNotes: 'Print server restarted' });
  expect(await c.queueIds('/queues/network', resolved.position)).toEqual([urgent.id]);
  const reopened = await c.command(`/incidents/${id}/reopen`, { reason: 'Jammed again' });
  expect(await c.detail(id, reopened.position)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
  expect(await c.queueIds('/queues/network', reopened.position)).toContain(id);
  await c.command(`/incidents/${id}/resolve`, { resolutionCode: 'solved_permanently', resolutionNotes: 'Roller replaced' });
  const closed = await c.command(`/incidents/${id}/close`);
  const final = await c.detail(id, closed.position);
  expect(final).toMatchObject({ status: 'closed', revision: 12, resolutionNotes: 'Roller replaced', closedAt: expect.any(String) });
  // Every hold and every resolution is kept, the reopened one too (issue 9).
  expect(final).toMatchObject({ holdCount: 1, resolutionCount: 2, onHoldSince: null, resolvedBy: 'alice', closedBy: 'alice' });
  const holds = await c.query<Page>(`/incidents/${id}/holds`, closed.position);
  expect(holds.items).toEqual([expect.objectContaining({ number: 1, reason: 'awaiting_vendor', note: 'Spare part ordered', endedWith: 'resumed' })]);
  const resolutions = await c.query<Page>(`/incidents/${id}/resolutions`, closed.position);
  expect(resolutions.items.map((r) => [r['number'], r['resolutionNotes'], r['outcome']])).toEqual([
    [1, 'Print server restarted', 'reopened'],
    [2, 'Roller replaced', 'closed'],
  ]);

  // Its history from the log, newest first a page at a time: every command, chained hash to hash (issue 9).
  const history: HistoryEntry[] = [];
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page: { items: HistoryEntry[]; nextCursor: string | null } = await c.query(`/incidents/${id}/history?order=desc&limit=5${cursor === null ? '' : `&cursor=${cursor}`}`, closed.position);
    history.push(...page.items);
    cursor = page.nextCursor;
  }
  expect(history.map((entry) => entry.revision)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  history.forEach((entry, index) => expect(entry.prevHash).toBe(history[index + 1]?.hash ?? null));
  expect(history.find((entry) => entry.type === 'IncidentReclassified')?.changes).toEqual(
    expect.arrayContaining([{ field: 'impact', from: 3, to: 1 }, { field: 'urgency', from: 2, to: 1 }, { field: 'priority', from: 4, to: 1 }]),
  );
  expect(history.every((entry) => entry.actor === 'alice' && entry.commandId !== '' && entry.correlationId !== '')).toBe(true);
  // Its state at any revision, folded from the log: the last is what the read model serves.
  const { reflects, ...atLast } = await c.query<Record<string, unknown>>(`/incidents/${id}?atRevision=12`, closed.position);
  expect(atLast).toEqual(final);
  expect(reflects).toMatchObject({ revision: 12, position: closed.position });
  expect(await c.query(`/incidents/${id}?atRevision=1`, closed.position)).toMatchObject({ status: 'new', assignee: 'alice', assignmentGroup: 'desk-side', priority: 4 });
  expect(await c.query(`/incidents/${id}?atRevision=2`, closed.position)).toMatchObject({ status: 'in_progress', assignee: 'alice' });

  const refused = await http('POST', `${platform.url('command-api')}/incidents/${id}/assign`, { token: c.alice, body: { assignee: 'bob' } });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ code: 'incident.closed' });
  expect(await c.detail(id, closed.position)).toEqual(final);
  expect(await c.queueIds('/incidents?state=closed', closed.position)).toEqual([id]);

  return comparable({
    incidents: await c.query<Page>('/incidents', closed.position),
    network: await c.query<Page>('/queues/network', closed.position),
    unassigned: await c.query<Page>('/queues/unassigned', closed.position),
    workNotes: await c.query<Page>(`/incidents/${id}/work-notes`, closed.position),
    comments: await c.query<Page>(`/incidents/${id}/comments`, closed.position),
    holds,
    resolutions,
    history: history.map(({ type, revision, actor, commandType, changes }) => ({ type, revision, actor, commandType, fields: changes.map((change) => change.field) })),
  });
}

/** Kills the projector mid-stream, writes while it is down, restarts it: nothing lost, nothing twice. */
export async function runProjectorRestart(platform: Platform): Promise<void> {
  const c = new LifecycleClient(platform);
  const opened = await c.open('laptop-slow', {
    title: 'Laptop slow', description: 'Very slow', caller: 'fay', category: 'hardware', impact: 2, urgency: 3, assignmentGroup: 'restart-test',
  });
  const notes = Array.from({ length: 30 }, (_, i) => `note ${i}`);
  await Promise.all(notes.slice(0, 15).map((text) => c.command(`/incidents/${opened.id}/work-notes`, { text })));
  await platform.kill('projector');
  let last = opened;
  for (const text of notes.slice(15)) last = await c.command(`/incidents/${opened.id}/work-notes`, { text });
  await platform.startApp('projector');

  const after = await c.detail(opened.id, last.position);
  expect(after['workNoteCount']).toBe(30);
  // Every note exactly once, through every page of the paged read model, either way.
  const oldestFirst = await c.allPages(`/incidents/${opened.id}/work-notes?limit=7`, last.position);
  expect(oldestFirst.pages).toBe(5);
  expect(textsOf(oldestFirst).sort()).toEqual([...notes].sort());
  const revisions = oldestFirst.items.map((note) => note['revision'] as number);
  expect(revisions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  const newestFirst = await c.allPages(`/incidents/${opened.id}/work-notes?limit=8&order=desc`, last.position);
  expect(textsOf(newestFirst)).toEqual(textsOf(oldestFirst).reverse());
  // The 15 written while the projector was down come last, in the order they were written.
  expect(textsOf(oldestFirst).slice(15)).toEqual(notes.slice(15));
  expect(await c.queueIds('/queues/restart-test', last.position)).toEqual([opened.id]);
}

/** Times and durations differ between runs, and log positions between event stores; the rest must be equal. */
const RUN_FIELDS = /At$|^at$|Since$|Ms$|^position$/;
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !RUN_FIELDS.test(key)).map(([k, v]) => [k, comparable(v)]));
}
