import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { aSealedDataDir, at, type SealedDataDir } from '../../../../test/support/sealed-data-dir';
import { QueryApiModule } from '../query-api.module';

/**
 * Tamper evidence over HTTP, on a SQLite log sealed as the projector seals it (60 facts, checkpoints
 * every 20 events by the key the embedded default generated): the key, the checkpoints to copy out,
 * and verification that finds a tampering where it was done.
 */
const start = (sealed: SealedDataDir) => InProcessApp.start((config) => QueryApiModule.register(config, () => FIXED_NOW), {}, sealed.dataDir);
const auditor = (api: InProcessApp, url: string) => api.request('GET', url, { token: api.token('audrey', 'auditor') });

describe('GET /audit/public-key, /audit/checkpoints and /audit/verify on a sound log', () => {
  let sealed: SealedDataDir;
  let api: InProcessApp;

  beforeAll(async () => {
    sealed = await aSealedDataDir();
    api = await start(sealed);
  });
  afterAll(() => api.stop());

  it('answers the public key of the key that signed the checkpoints, with its key id', async () => {
    const answer = await auditor(api, '/audit/public-key');
    const signing = createPrivateKey(fs.readFileSync(path.join(sealed.dataDir, 'audit-signing-key.pem')));
    const pem = createPublicKey(signing).export({ type: 'spki', format: 'pem' }).toString();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ algorithm: 'Ed25519', keyId: sealed.keyId, publicKey: pem, trustedKeys: { [sealed.keyId]: pem } });
    expect(sealed.checkpoints.every((checkpoint) => checkpoint.keyId === answer.body.keyId)).toBe(true);
  });

  it('pages the signed checkpoints oldest first with a cursor, each exactly as signed', async () => {
    const first = await auditor(api, '/audit/checkpoints?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual(sealed.checkpoints.slice(0, 2));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await auditor(api, `/audit/checkpoints?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toEqual({ items: sealed.checkpoints.slice(2), nextCursor: null });
    expect(sealed.checkpoints.map((checkpoint) => [checkpoint.sequence, checkpoint.position])).toEqual([[1, at(20)], [2, at(40)], [3, at(60)]]);
  });

  it('verifies the whole log: every event, every checkpoint', async () => {
    const answer = await auditor(api, '/audit/verify');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, eventsChecked: 63, checkpointsChecked: 3, firstBreak: null, scope: 'the whole log', verifiedAt: FIXED_NOW.toISOString() });
  });

  it('verifies a range, counting the events from its start to its end, both included, and one stream', async () => {
    expect((await auditor(api, `/audit/verify?from=${at(45)}&to=${at(60)}`)).body).toMatchObject({ ok: true, eventsChecked: 16, checkpointsChecked: 1, scope: `positions ${at(45)} to ${at(60)}` });
    expect((await auditor(api, `/audit/verify?to=${at(30)}`)).body).toMatchObject({ ok: true, eventsChecked: 30, checkpointsChecked: 1, scope: `positions start to ${at(30)}` });
    expect((await auditor(api, '/audit/verify?stream=ticket-1')).body).toMatchObject({ ok: true, eventsChecked: 10, firstBreak: null, scope: 'stream ticket-1' });
  });

  it.each([
    ['/audit/verify?from=12', 'from', 'from must be a log position'],
    ['/audit/verify?to=00000000000000000001-x', 'to', 'to must be a log position'],
    [`/audit/verify?stream=ticket-1&from=${at(1)}`, 'stream', 'give either stream or from/to, not both'],
    [`/audit/verify?stream=ticket-1&to=${at(9)}`, 'stream', 'give either stream or from/to, not both'],
    [`/audit/verify?from=${at(30)}&to=${at(10)}`, 'to', 'must not come before from'],
    ['/audit/verify?stream=', 'stream', 'stream must be longer than or equal to 1 characters'],
    ['/audit/verify?stream=a&stream=b', 'stream', 'stream must be a string'],
    ['/audit/checkpoints?cursor=not-a-cursor', 'cursor', 'The cursor is malformed'],
    ['/audit/checkpoints?limit=0', 'limit', 'limit must not be less than 1'],
    ['/audit/verify?colour=red', 'colour', 'should not exist'],
  ])('answers %s with 400 problem+json naming %s and why', async (url, field, reason) => {
    const answer = await auditor(api, url);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.errors).toContainEqual({ field, reason: expect.stringContaining(reason) });
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining([field]));
  });

  it('verifies a range from its first event, included, and says when a range holds no event at all', async () => {
    expect((await auditor(api, `/audit/verify?from=${at(20)}&to=${at(20)}`)).body).toMatchObject({ ok: true, eventsChecked: 1, firstBreak: null });
    const beyond = await auditor(api, `/audit/verify?from=${at(900)}`);
    expect(beyond).toMatchObject({ status: 404, body: { code: 'audit.range_empty', detail: expect.stringContaining(`it ends at ${at(63)}`) } });
  });

  it('is for auditors alone: an agent gets 403 problem+json on every /audit/* read', async () => {
    for (const url of ['/audit/public-key', '/audit/checkpoints', '/audit/verify', '/audit/events']) {
      const agent = await api.request('GET', url, { token: api.token('alice', 'agent') });
      expect({ url, status: agent.status, type: agent.headers['content-type'] }).toEqual({ url, status: 403, type: expect.stringContaining('application/problem+json') });
      expect({ url, status: (await auditor(api, url)).status }).toEqual({ url, status: 200 });
    }
  });
});

describe('GET /audit/verify on a log tampered with in events.sqlite', () => {
  let sealed: SealedDataDir;
  let api: InProcessApp;

  beforeEach(async () => {
    sealed = await aSealedDataDir();
  });
  afterEach(() => api.stop());

  it("finds an event edited and its stream's chain recomputed with the product's own hash, where it was done, in every scope that covers it", async () => {
    sealed.tamper.editData(20, (data) => ({ ...data, text: 'forged' }), { rechain: true });
    api = await start(sealed);
    const found = { position: at(20), stream: 'ticket-1', revision: 3, reason: 'fingerprint_mismatch', detail: expect.stringContaining('checkpoint 1') };
    expect((await auditor(api, '/audit/verify')).body).toEqual({ ok: false, eventsChecked: 19, checkpointsChecked: 0, firstBreak: found, scope: 'the whole log', verifiedAt: FIXED_NOW.toISOString() });
    expect((await auditor(api, '/audit/verify?stream=ticket-1')).body).toMatchObject({ ok: false, firstBreak: found });
    expect((await auditor(api, `/audit/verify?from=${at(10)}&to=${at(25)}`)).body).toMatchObject({ ok: false, firstBreak: found });
    // The recomputed chain changed every later event of ticket-1 too: a range after the edit finds the next one.
    expect((await auditor(api, `/audit/verify?from=${at(41)}`)).body.firstBreak).toMatchObject({ position: at(44), stream: 'ticket-1', revision: 7, reason: 'fingerprint_mismatch' });
    // Scopes that do not reach it hold.
    expect((await auditor(api, `/audit/verify?to=${at(19)}`)).body).toMatchObject({ ok: true, eventsChecked: 19, firstBreak: null });
    expect((await auditor(api, '/audit/verify?stream=ticket-2')).body).toMatchObject({ ok: true, firstBreak: null });
  });

  it("finds an event's actor changed without recomputing the chain: its hash no longer covers it", async () => {
    sealed.tamper.editMetadata(33, { actor: 'user:mallory' }, { rechain: false });
    api = await start(sealed);
    expect((await auditor(api, '/audit/verify')).body.firstBreak).toMatchObject({ position: at(33), stream: 'ticket-2', revision: 5, reason: 'hash_mismatch' });
  });

  it('finds a stream deleted whole in the whole log; asked for that stream alone, says it has no events and why that is not a verdict', async () => {
    const [first] = sealed.tamper.sequencesOf('ticket-2');
    sealed.tamper.deleteStream('ticket-2');
    api = await start(sealed);
    expect((await auditor(api, '/audit/verify')).body).toMatchObject({ ok: false, firstBreak: { position: at(first as number), reason: 'missing_event' } });
    const alone = await auditor(api, '/audit/verify?stream=ticket-2');
    expect(alone).toMatchObject({ status: 404, body: { code: 'audit.stream_not_found', detail: expect.stringContaining('Verify the whole log') } });
  });

  it("finds the end of the log cut off, its checkpoints with it, against the read model's copies of them", async () => {
    sealed.tamper.cutAfter(45);
    api = await start(sealed);
    expect((await auditor(api, '/audit/verify')).body).toMatchObject({ ok: false, firstBreak: { position: at(46), stream: null, revision: null, reason: 'missing_event' } });
  });
});
