import { answered, commandApi, queryApi, refused, type CommandApi, type QueryApi } from './api-client';
import type { components } from './api-client/command-api';
import type { operations } from './api-client/query-api';
import type { Platform } from './platform-processes';

/**
 * The walking skeleton as a frontend drives it: every step over HTTP through the client generated from the
 * OpenAPI documents, each read waiting with consistentWith (never sleeps). Shared by the end-to-end runs on
 * each pair of stores. Incidents are opened with Idempotency-Keys, so their ids are the same on every run
 * and the read models of two runs can be compared.
 */
type Accepted = { id: string; revision: number; position: string };
type OpenIncident = components['schemas']['OpenIncidentDto'];
type HistoryPage = operations['RecordHistoryController_incident']['responses'][200]['content']['application/json'];

/** The path parameter of a command on one record. */
export const on = (id: string) => ({ params: { path: { id } } });

export class LifecycleClient {
  readonly alice: string;
  readonly commands: CommandApi;
  readonly queries: QueryApi;

  constructor(platform: Platform) {
    this.alice = platform.token('alice', 'agent');
    this.commands = commandApi(platform.url('command-api'), this.alice);
    this.queries = queryApi(platform.url('query-api'), this.alice);
  }

  open(key: string, body: OpenIncident): Promise<Accepted> {
    return answered(this.commands.POST('/incidents', { params: { header: { 'Idempotency-Key': key } }, body }), 201, 'POST /incidents');
  }

  detail(id: string, position: string) {
    return answered(this.queries.GET('/incidents/{id}', { params: { path: { id }, query: { consistentWith: position } } }), 200, `GET /incidents/${id}`);
  }

  async queueIds(group: string, position: string): Promise<string[]> {
    const page = await answered(this.queries.GET('/queues/{group}', { params: { path: { group }, query: { consistentWith: position } } }), 200, `GET /queues/${group}`);
    return page.items.map((item) => item.id);
  }

  async unassignedIds(position: string): Promise<string[]> {
    const page = await answered(this.queries.GET('/queues/unassigned', { params: { query: { consistentWith: position } } }), 200, 'GET /queues/unassigned');
    return page.items.map((item) => item.id);
  }

  /** Every work note of an incident, following nextCursor to the last page. */
  async allWorkNotes(id: string, position: string, limit: number, order: 'asc' | 'desc') {
    const items = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await answered(this.queries.GET('/incidents/{id}/work-notes', { params: { path: { id }, query: { consistentWith: position, limit, order, cursor } } }), 200, 'GET work-notes');
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    return { items, pages };
  }
}

const textsOf = (notes: { items: { text: string }[] }): string[] => notes.items.map((note) => note.text);

/** Runs the whole lifecycle with its assertions; returns the read models it ends with, times removed. */
export async function runIncidentLifecycle(platform: Platform): Promise<unknown> {
  const c = new LifecycleClient(platform);
  const { commands, queries } = c;
  const opened = await c.open('printer-floor-3', {
    title: 'Printer on floor 3 jams', description: 'Every print job jams', caller: 'dave', category: 'hardware', impact: 3, urgency: 2, assignmentGroup: 'desk-side',
  });
  const id = opened.id;
  const at = (position: string) => ({ params: { path: { id }, query: { consistentWith: position } } });
  expect(await c.detail(id, opened.position)).toMatchObject({ status: 'new', priority: 4, openedBy: 'alice', updatedBy: 'alice', revision: 0 });
  expect(await c.queueIds('desk-side', opened.position)).toEqual([id]);
  expect(await c.unassignedIds(opened.position)).toContain(id);

  const assigned = await answered(commands.POST('/incidents/{id}/assign', { ...on(id), body: { assignee: 'alice' } }), 200);
  // State and assignment are independent: assigned, it is still new until someone starts the work.
  expect(await c.detail(id, assigned.position)).toMatchObject({ status: 'new', assignee: 'alice', revision: 1 });
  expect(await c.unassignedIds(assigned.position)).not.toContain(id);
  const mine = await answered(queries.GET('/queues/assignee/{assignee}', { params: { path: { assignee: 'alice' }, query: { consistentWith: assigned.position } } }), 200);
  expect(mine.items.map((item) => item.id)).toEqual([id]);
  const started = await answered(commands.POST('/incidents/{id}/start', on(id)), 200);
  expect(await c.detail(id, started.position)).toMatchObject({ status: 'in_progress', assignee: 'alice', revision: 2 });

  const urgent = await c.open('core-switch', {
    title: 'Core switch down', description: 'Building B offline', caller: 'erin', category: 'network', impact: 1, urgency: 1, assignmentGroup: 'network',
  });
  const reassigned = await answered(commands.POST('/incidents/{id}/reassign', { ...on(id), body: { assignmentGroup: 'network', reason: 'Jams come from the print server' } }), 200);
  expect(await c.queueIds('desk-side', reassigned.position)).toEqual([]);
  // Priority first: the P1 switch outage leads, though the printer incident is older.
  expect(await c.queueIds('network', reassigned.position)).toEqual([urgent.id, id]);
  expect(await c.detail(id, reassigned.position)).toMatchObject({ assignmentGroup: 'network', assignee: null, reassignmentCount: 1 });

  await answered(commands.POST('/incidents/{id}/work-notes', { ...on(id), body: { text: 'Print server queue is stuck' } }), 200);
  const commented = await answered(commands.POST('/incidents/{id}/comments', { ...on(id), body: { text: 'We are looking into it' } }), 200);
  expect(await c.detail(id, commented.position)).toMatchObject({ workNoteCount: 1, commentCount: 1, lastWorkNoteBy: 'alice', lastCommentBy: 'alice' });
  // Work notes (internal) and comments (customer-visible) are paged apart.
  expect(textsOf(await answered(queries.GET('/incidents/{id}/work-notes', at(commented.position)), 200))).toEqual(['Print server queue is stuck']);
  expect(textsOf(await answered(queries.GET('/incidents/{id}/comments', at(commented.position)), 200))).toEqual(['We are looking into it']);

  const held = await answered(commands.POST('/incidents/{id}/hold', { ...on(id), body: { reason: 'awaiting_vendor', note: 'Spare part ordered' } }), 200);
  expect(await c.detail(id, held.position)).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_vendor' });
  expect(await c.queueIds('network', held.position)).toContain(id);
  await answered(commands.POST('/incidents/{id}/resume', on(id)), 200);

  const reclassified = await answered(commands.POST('/incidents/{id}/reclassify', { ...on(id), body: { impact: 1, urgency: 1, reason: 'Payroll cannot print cheques' } }), 200);
  expect(await c.detail(id, reclassified.position)).toMatchObject({ priority: 1 });
  // Same priority now: the older incident comes first.
  expect(await c.queueIds('network', reclassified.position)).toEqual([id, urgent.id]);

  const resolved = await answered(commands.POST('/incidents/{id}/resolve', { ...on(id), body: { resolutionCode: 'solved_permanently', resolutionNotes: 'Print server restarted' } }), 200);
  expect(await c.queueIds('network', resolved.position)).toEqual([urgent.id]);
  const reopened = await answered(commands.POST('/incidents/{id}/reopen', { ...on(id), body: { reason: 'Jammed again' } }), 200);
  expect(await c.detail(id, reopened.position)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
  expect(await c.queueIds('network', reopened.position)).toContain(id);
  await answered(commands.POST('/incidents/{id}/resolve', { ...on(id), body: { resolutionCode: 'solved_permanently', resolutionNotes: 'Roller replaced' } }), 200);
  const closed = await answered(commands.POST('/incidents/{id}/close', on(id)), 200);
  const final = await c.detail(id, closed.position);
  expect(final).toMatchObject({ status: 'closed', revision: 12, resolutionNotes: 'Roller replaced', closedAt: expect.any(String) });
  // Every hold and every resolution is kept, the reopened one too (issue 9).
  expect(final).toMatchObject({ holdCount: 1, resolutionCount: 2, onHoldSince: null, resolvedBy: 'alice', closedBy: 'alice' });
  const holds = await answered(queries.GET('/incidents/{id}/holds', at(closed.position)), 200);
  expect(holds.items).toEqual([expect.objectContaining({ number: 1, reason: 'awaiting_vendor', note: 'Spare part ordered', endedWith: 'resumed' })]);
  const resolutions = await answered(queries.GET('/incidents/{id}/resolutions', at(closed.position)), 200);
  expect(resolutions.items.map((r) => [r.number, r.resolutionNotes, r.outcome])).toEqual([
    [1, 'Print server restarted', 'reopened'],
    [2, 'Roller replaced', 'closed'],
  ]);

  // Its history from the log, newest first a page at a time: every command, chained hash to hash (issue 9).
  const history: HistoryPage['items'] = [];
  for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
    const page = await answered(queries.GET('/incidents/{id}/history', { params: { path: { id }, query: { consistentWith: closed.position, order: 'desc', limit: 5, cursor } } }), 200);
    history.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  }
  expect(history.map((entry) => entry.revision)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  history.forEach((entry, index) => expect(entry.prevHash).toBe(history[index + 1]?.hash ?? null));
  expect(history.find((entry) => entry.type === 'IncidentReclassified')?.changes).toEqual(
    expect.arrayContaining([{ field: 'impact', from: 3, to: 1 }, { field: 'urgency', from: 2, to: 1 }, { field: 'priority', from: 4, to: 1 }]),
  );
  expect(history.every((entry) => entry.actor === 'alice' && entry.commandId !== '' && entry.correlationId !== '')).toBe(true);
  // Its state at any revision, folded from the log: the last is what the read model serves.
  const pastState = (atRevision: number) => answered(queries.GET('/incidents/{id}', { params: { path: { id }, query: { consistentWith: closed.position, atRevision } } }), 200);
  const { reflects, ...atLast } = (await pastState(12)) as typeof final & { reflects: unknown };
  expect(atLast).toEqual(final);
  expect(reflects).toMatchObject({ revision: 12, position: closed.position });
  expect(await pastState(1)).toMatchObject({ status: 'new', assignee: 'alice', assignmentGroup: 'desk-side', priority: 4 });
  expect(await pastState(2)).toMatchObject({ status: 'in_progress', assignee: 'alice' });

  expect(await refused(commands.POST('/incidents/{id}/assign', { ...on(id), body: { assignee: 'bob' } }), 409)).toMatchObject({ code: 'incident.closed' });
  expect(await c.detail(id, closed.position)).toEqual(final);
  const closedOnes = await answered(queries.GET('/incidents', { params: { query: { consistentWith: closed.position, status: ['closed'] } } }), 200);
  expect(closedOnes.items.map((item) => item.id)).toEqual([id]);

  const everything = { params: { query: { consistentWith: closed.position } } };
  return comparable({
    incidents: await answered(queries.GET('/incidents', everything), 200),
    network: await answered(queries.GET('/queues/{group}', { params: { path: { group: 'network' }, query: { consistentWith: closed.position } } }), 200),
    unassigned: await answered(queries.GET('/queues/unassigned', everything), 200),
    workNotes: await answered(queries.GET('/incidents/{id}/work-notes', at(closed.position)), 200),
    comments: await answered(queries.GET('/incidents/{id}/comments', at(closed.position)), 200),
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
  const note = (text: string) => answered(c.commands.POST('/incidents/{id}/work-notes', { ...on(opened.id), body: { text } }), 200);
  const notes = Array.from({ length: 30 }, (_, i) => `note ${i}`);
  await Promise.all(notes.slice(0, 15).map(note));
  await platform.kill('projector');
  let last: Accepted = opened;
  for (const text of notes.slice(15)) last = await note(text);
  await platform.startApp('projector');

  const after = await c.detail(opened.id, last.position);
  expect(after.workNoteCount).toBe(30);
  // Every note exactly once, through every page of the paged read model, either way.
  const oldestFirst = await c.allWorkNotes(opened.id, last.position, 7, 'asc');
  expect(oldestFirst.pages).toBe(5);
  expect(textsOf(oldestFirst).sort()).toEqual([...notes].sort());
  const revisions = oldestFirst.items.map((workNote) => workNote.revision);
  expect(revisions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  const newestFirst = await c.allWorkNotes(opened.id, last.position, 8, 'desc');
  expect(textsOf(newestFirst)).toEqual(textsOf(oldestFirst).reverse());
  // The 15 written while the projector was down come last, in the order they were written.
  expect(textsOf(oldestFirst).slice(15)).toEqual(notes.slice(15));
  expect(await c.queueIds('restart-test', last.position)).toEqual([opened.id]);
}

/** Times and durations differ between runs, and log positions between event stores; the rest must be equal. */
const RUN_FIELDS = /At$|^at$|Since$|Ms$|^position$/;
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !RUN_FIELDS.test(key)).map(([k, v]) => [k, comparable(v)]));
}
