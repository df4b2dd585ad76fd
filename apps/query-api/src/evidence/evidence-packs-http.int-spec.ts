import { unzipSync } from 'fflate';
import { checkEvidencePack, type Manifest } from '@itsm/compliance';
import { resolveAuditKeys } from '@itsm/config';
import { trustedKeys } from '@itsm/event-store';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';

const PERIOD = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };

describe('Evidence packs over HTTP: POST /evidence-packs and GET /evidence-packs/:id', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start([]);
    const agent = apps.commands.token('rita', 'agent');
    for (const title of ['Mail is down', 'Printer jams']) {
      expect((await apps.commands.request('POST', '/incidents', { token: agent, body: { title, description: 'x', caller: 'dave', category: 'email', impact: 2, urgency: 2 } })).status).toBe(201);
    }
  });
  afterAll(() => apps.stop());

  const auditor = () => apps.queries.token('audrey', 'auditor');
  /** The answer with its body as bytes: a zip, or JSON. */
  async function send(method: 'GET' | 'POST', url: string, body?: object, headers: Record<string, string> = {}, token = auditor()) {
    const response = await apps.queries.app.getHttpAdapter().getInstance().inject({
      method, url, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    const type = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, headers: response.headers, zip: type.startsWith('application/zip') ? new Uint8Array(response.rawPayload) : null, body: /json/.test(type) ? response.json() : null };
  }
  const filesOf = (zip: Uint8Array) => new Map(Object.entries(unzipSync(zip)));
  const manifestOf = (files: Map<string, Uint8Array>) => JSON.parse(Buffer.from(files.get('manifest.json') as Uint8Array).toString('utf8')) as Manifest;
  const trusted = () => trustedKeys(resolveAuditKeys(apps.queries.config.audit).trustedPublicKeys);

  it('answers with the pack as a zip, signed with the checkpoint key, that checks', async () => {
    const answer = await send('POST', '/evidence-packs', PERIOD);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe('attachment; filename="evidence-2026-03-01-2026-03-03.zip"');
    expect(answer.headers['location']).toMatch(/^\/evidence-packs\/[0-9a-f-]{36}$/);
    const files = filesOf(answer.zip as Uint8Array);
    const manifest = manifestOf(files);
    files.delete('manifest.json');
    expect(checkEvidencePack(manifest, files, trusted())).toMatchObject({ ok: true });
    expect(manifest).toMatchObject({ period: PERIOD, verification: { ok: true } });
    expect(manifest.clauses.find((clause) => clause.clause === '8.6.1')?.records).toBe(2);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['report.html', '8.6.1-incident-management/incidents.csv']));
  });

  it('with Prefer: respond-async answers 202 with a job at once; polling it gives the same pack', async () => {
    const accepted = await send('POST', '/evidence-packs', PERIOD, { prefer: 'respond-async' });
    expect(accepted.status).toBe(202);
    expect(accepted.headers['retry-after']).toBe('2');
    expect(accepted.body).toMatchObject({ status: 'running', ...PERIOD, retrospectiveReviewDays: 5, requestedBy: 'audrey', location: accepted.headers['location'] });
    let polled = await send('GET', accepted.headers['location'] as string);
    for (let tries = 0; polled.status === 202 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      polled = await send('GET', accepted.headers['location'] as string);
    }
    expect(polled.status).toBe(200);
    const sync = filesOf((await send('POST', '/evidence-packs', PERIOD)).zip as Uint8Array);
    const async = filesOf(polled.zip as Uint8Array);
    // Reproducible: every file but the manifest (its generatedAt, so its signature) is the same.
    for (const [name, bytes] of sync) if (name !== 'manifest.json') expect(Buffer.from(async.get(name) as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses what is not a finished period, naming the field, and anyone but auditors and admins', async () => {
    const fields = (answer: { body: { errors?: { field: string }[] } | null }) => [...new Set(answer.body?.errors?.map((error) => error.field))];
    const missing = await send('POST', '/evidence-packs', { from: PERIOD.from });
    expect([missing.status, fields(missing)]).toEqual([400, ['to']]);
    const backwards = await send('POST', '/evidence-packs', { from: PERIOD.to, to: PERIOD.from });
    expect([backwards.status, fields(backwards)]).toEqual([400, ['to']]);
    const future = await send('POST', '/evidence-packs', { from: PERIOD.from, to: '2999-01-01T00:00:00Z' });
    expect([future.status, fields(future), future.body?.errors?.[0]?.reason]).toEqual([400, ['to'], expect.stringContaining('future')]);
    const days = await send('POST', '/evidence-packs', { ...PERIOD, retrospectiveReviewDays: 400 });
    expect([days.status, fields(days)]).toEqual([400, ['retrospectiveReviewDays']]);
    expect((await send('POST', '/evidence-packs', PERIOD, {}, apps.queries.token('mona', 'manager'))).status).toBe(403);
    expect((await send('POST', '/evidence-packs', PERIOD, {}, apps.queries.token('adam', 'admin'))).status).toBe(200);
    const nullDays = await send('POST', '/evidence-packs', { ...PERIOD, retrospectiveReviewDays: null });
    expect([nullDays.status, fields(nullDays)]).toEqual([400, ['retrospectiveReviewDays']]);
  });

  it('gives a pack to who asked for it alone, by its id in any case', async () => {
    const accepted = await send('POST', '/evidence-packs', PERIOD, { prefer: 'respond-async' });
    const location = accepted.headers['location'] as string;
    expect((await send('GET', location, undefined, {}, apps.queries.token('adam', 'admin'))).body).toMatchObject({ status: 404, code: 'evidence.job_not_found' });
    const upperCase = location.toUpperCase().replace('/EVIDENCE-PACKS/', '/evidence-packs/');
    let mine = await send('GET', upperCase);
    for (let tries = 0; mine.status === 202 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      mine = await send('GET', upperCase);
    }
    expect(mine.status).toBe(200);
  });

  it('answers 404 for a job it does not know, and 400 for what is not a job id', async () => {
    expect((await send('GET', '/evidence-packs/00000000-0000-4000-8000-000000000000')).body).toMatchObject({ status: 404, code: 'evidence.job_not_found' });
    expect((await send('GET', '/evidence-packs/nope')).body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
  });
});
