import { generateKeyPairSync } from 'node:crypto';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { EvidencePackJobs, EvidencePacksBusyError, givingWay } from './evidence-pack-jobs';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const KEYS = () => ({ signingKey: privateKey, publicKey, trustedPublicKeys: [publicKey] });
const REQUEST = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', retrospectiveReviewDays: 5, requestedBy: 'audrey' };

/** A log whose every read waits until `open()`: a pack being made stays running until then. */
function aGatedLog(): { store: EventStore; open: () => void } {
  const inner = new MemoryEventStore();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (name !== 'readAll' && name !== 'readStream' && name !== 'headPosition') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        await gate;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, open };
}

describe('Evidence pack jobs', () => {
  let now = new Date('2026-11-30T09:00:00.000Z');
  const clock = () => now;

  it('makes at most maxRunning packs at once: one more is refused, and taken once one is made', async () => {
    const { store, open } = aGatedLog();
    const jobs = new EvidencePackJobs(store, KEYS, { maxRunning: 1, keepMs: 60_000, clock });
    const first = jobs.start(REQUEST, privateKey);
    expect(first.status).toBe('running');
    expect(() => jobs.start(REQUEST, privateKey)).toThrow(EvidencePacksBusyError);
    expect((await jobs.waitFor(first.id, 20))?.status).toBe('running');
    open();
    expect((await jobs.waitFor(first.id, 5_000))?.status).toBe('ready');
    expect(jobs.start(REQUEST, privateKey).status).toBe('running');
  });

  it('records a pack that could not be made as failed, with why', async () => {
    const broken = new Proxy(new MemoryEventStore(), { get: (target, name) => (name === 'readAll' ? () => Promise.reject(new Error('the log is unreachable')) : (Reflect.get(target, name) as () => unknown).bind?.(target)) });
    const jobs = new EvidencePackJobs(broken, KEYS, { maxRunning: 1, keepMs: 60_000, clock });
    const job = jobs.start(REQUEST, privateKey);
    expect(await jobs.waitFor(job.id, 5_000)).toMatchObject({ status: 'failed', error: 'the log is unreachable' });
  });

  it('keeps a made pack keepMs, then forgets it', async () => {
    const jobs = new EvidencePackJobs(new MemoryEventStore(), KEYS, { maxRunning: 1, keepMs: 60_000, clock });
    const job = jobs.start(REQUEST, privateKey);
    expect((await jobs.waitFor(job.id, 5_000))?.status).toBe('ready');
    now = new Date(now.getTime() + 60_000);
    expect(jobs.get(job.id)?.status).toBe('ready');
    now = new Date(now.getTime() + 1);
    expect(jobs.get(job.id)).toBeNull();
  });
});

describe('Reading the log for a pack', () => {
  it('gives way between reads, so other requests are answered while a pack is made', async () => {
    const turns: string[] = [];
    // Answers at once, as the embedded store does: nothing in it lets another request in.
    const immediate = { ...new MemoryEventStore(), readAll: () => (turns.push('read'), Promise.resolve([])) } as unknown as EventStore;
    const reads = givingWay(immediate);
    setImmediate(() => turns.push('another request'));
    for (let read = 0; read < 3; read++) await reads.readAll();
    expect(turns).toEqual(['another request', 'read', 'read', 'read']);
  });
});
