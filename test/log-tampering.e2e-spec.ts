import Database from 'better-sqlite3';
import path from 'node:path';
import { SqliteTampering } from '../libs/event-store/src/testing/sqlite-tampering';
import { http, Platform, type AppName } from './support/platform-processes';

/**
 * Tamper evidence end to end, on the embedded default: the three built apps on one DATA_DIR, an
 * incident recorded and sealed by the projector, then its first event edited in events.sqlite with
 * its stream's chain recomputed by the product's own hash (so the chain alone still holds). The
 * projector's verification, at its restart, finds it against the signed checkpoints; every app says
 * so on /health; the incident takes no more commands; the auditors' verify finds the same break.
 */
jest.setTimeout(60_000);

type Accepted = { id: string; revision: number; position: string };
const APPS: readonly AppName[] = ['command-api', 'query-api', 'projector'];

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('an incident edited in events.sqlite after it was sealed', () => {
  let platform: Platform;
  let eventsFile: string;

  beforeAll(async () => {
    // Sealed a tenth of a second after anything is recorded, so the test does not wait for the default minute.
    platform = await Platform.start({ AUDIT_CHECKPOINT_EVERY_MS: '100' });
    eventsFile = path.join(platform.dataDir, 'events.sqlite');
  });
  afterAll(() => platform.stop());

  const agent = () => platform.token('alice', 'agent');
  const auditor = () => platform.token('audrey', 'auditor');
  const command = (url: string, body: unknown) => http<Accepted & Record<string, unknown>>('POST', `${platform.url('command-api')}${url}`, { token: agent(), body });
  const audit = <T>(url: string) => http<T>('GET', `${platform.url('query-api')}${url}`, { token: auditor() });
  const health = (app: AppName) => http<{ status: string; checks: Record<string, Record<string, unknown>> }>('GET', `${platform.url(app)}/health`);
  const count = (stream?: string): number => {
    const db = new Database(eventsFile, { readonly: true });
    try {
      const row = stream === undefined ? db.prepare('SELECT count(*) AS n FROM events').get() : db.prepare('SELECT count(*) AS n FROM events WHERE stream = ?').get(stream);
      return (row as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('raises the alarm, degrades every app, refuses commands on the incident and is found by GET /audit/verify', async () => {
    const opened = await command('/incidents', { title: 'Mail is down', description: 'Nobody gets mail', caller: 'dave', category: 'software', impact: 2, urgency: 2, assignmentGroup: 'messaging' });
    expect(opened.status).toBe(201);
    const { id } = opened.body;
    const noted = await command(`/incidents/${id}/work-notes`, { text: 'Restarted the relay' });
    expect(noted.status).toBe(200);

    // The projector seals what was recorded: a checkpoint covers the work note.
    type Checkpoints = { items: { position: string }[] };
    await eventually('the checkpoints', () => audit<Checkpoints>('/audit/checkpoints?limit=200'), (answer) => (answer.body.items.at(-1)?.position ?? '') >= noted.body.position);
    for (const app of APPS) expect({ app, status: (await health(app)).body.status }).toEqual({ app, status: 'up' });

    await platform.kill('projector');
    const stream = `incident-${id}`;
    const tamper = new SqliteTampering(eventsFile);
    const [openedAt] = tamper.sequencesOf(stream);
    tamper.editData(openedAt!, (data) => ({ ...data, title: 'Mail was never down' }), { rechain: true });
    const position = openedAt!.toString().padStart(20, '0');
    const found = { position, stream, revision: 0, reason: 'fingerprint_mismatch' };

    // The projector verifies the whole log when it starts.
    await platform.startApp('projector');
    for (const app of APPS) {
      const answer = await eventually(`${app} /health`, () => health(app), (answer) => answer.body.status !== 'up');
      expect({ app, status: answer.status, body: answer.body.status }).toEqual({ app, status: 200, body: 'degraded' });
      expect(answer.body.checks['integrity']).toMatchObject({ up: true, degraded: true, state: 'broken', detectedBy: 'system:log-verifier', firstBreak: found });
    }

    const [before, beforeOnStream] = [count(), count(stream)];
    const refused = await command(`/incidents/${id}/work-notes`, { text: 'Written on top of a forged history' });
    expect(refused.status).toBe(500);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'integrity.chain_broken', status: 500 });
    expect([count(), count(stream)]).toEqual([before, beforeOnStream]);

    const verified = await audit<Record<string, unknown>>('/audit/verify');
    expect(verified.body).toMatchObject({ ok: false, firstBreak: found, scope: 'the whole log' });
    expect((await audit<Record<string, unknown>>(`/audit/verify?stream=${stream}`)).body).toMatchObject({ ok: false, firstBreak: found });

    // Other streams still take commands: the alarm names one stream.
    const other = await command('/incidents', { title: 'Printer jams', description: 'Floor 3', caller: 'erin', category: 'hardware', impact: 3, urgency: 3, assignmentGroup: 'desk-side' });
    expect(other.status).toBe(201);
  });
});
