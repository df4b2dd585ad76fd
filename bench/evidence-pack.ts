import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildEvidencePack, manifestBytes, zipEvidencePack } from '@itsm/compliance';
import { changeStream, configurationItemStream } from '@itsm/domain';
import { sealEvents, SqliteEventStore, trustedKeys, type EventStore, type Json, type NewEvent } from '@itsm/event-store';
import { memoryOf } from './bench-apps';
import { seedIncidentLog } from './projection-rebuild';

export interface EvidencePackResult {
  readonly events: number;
  readonly incidents: number;
  readonly changes: number;
  readonly ciChanges: number;
  readonly seedSeconds: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly files: number;
  readonly zipBytes: number;
  readonly peakMb: number;
}

/** [instant in March 2026 ("10T10:30"), actor, type, data]. */
type Step = [time: string, actor: string, type: string, data: Record<string, unknown>];
const WINDOW = { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' };

/** A stream's facts in one append, each sealed with its own time and actor, chained as the write path chains them. */
async function appendStream(store: EventStore, stream: string, id: Record<string, string>, steps: readonly Step[]): Promise<void> {
  let previousHash: string | null = null;
  const sealed: NewEvent[] = [];
  for (const [index, [time, actor, type, data]] of steps.entries()) {
    const commandId = `${stream}-${index}`;
    const context = { actor, occurredAt: `2026-03-${time}:00.000Z`, commandId, commandType: 'Seed', correlationId: commandId, causationId: commandId };
    const [event] = sealEvents({ stream, events: [{ type, data: { ...id, ...data } as Json }], previousHash, context, schemaVersion: 1 });
    sealed.push(event as NewEvent);
    previousHash = (event as NewEvent).metadata.hash;
  }
  await store.append(stream, sealed, 'no_stream');
}

/** A change from raising to closing; every tenth implemented outside its window, so the pack has nonconformities to list. */
function aChange(n: number): Step[] {
  const implementer = `impl-${n % 13}`;
  return [
    ['01T09:00', 'rita', 'ChangeRaised', { changeType: n % 20 === 0 ? 'emergency' : 'normal', requester: 'rita', contentHash: 'h1', number: `CHG${String(n).padStart(7, '0')}`, affectedCiIds: [`CI-${n % 500}`] }],
    ['02T09:00', `cab-${n % 7}`, 'ChangeApproved', { approver: `cab-${n % 7}`, contentHash: 'h1' }],
    ['02T10:00', 'system', 'ChangeAuthorized', { contentHash: 'h1', basis: 'approvals' }],
    ['03T09:00', 'ivan', 'ChangeScheduled', { window: WINDOW }],
    [n % 10 === 0 ? '10T13:30' : '10T10:30', implementer, 'ChangeImplementationStarted', { retrospectiveReviewRequired: false }],
    ['10T11:45', implementer, 'ChangeImplementationCompleted', { outcome: 'successful' }],
    ['11T09:00', 'rita', 'ChangeClosed', {}],
  ];
}

/** A CI registered on 1 March, then its attribute changes through the month. */
function aCi(n: number, changes: number): Step[] {
  const change = (k: number): Step => [`${String(10 + (k % 5))}T11:00`, 'carl', 'ConfigurationItemAttributesUpdated', { changes: { firmware: { from: `${k}`, to: `${k + 1}` } } }];
  return [['01T08:00', 'carl', 'ConfigurationItemRegistered', { name: `ci-${n}` }], ...Array.from({ length: changes }, (_, k) => change(k))];
}

/**
 * An evidence pack over a period of about 100,000 events: incidents (10 facts each), changes with
 * approvals and implementation (7 each) and CI changes, sealed as the command API seals them.
 * The pack is made as `npm run -s evidence` and POST /evidence-packs make it: read, judged, signed, zipped.
 */
export async function measureEvidencePack(incidents = 8_000, changes = 2_000, cis = 500, changesPerCi = 11): Promise<EvidencePackResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-evidence-'));
  const events = SqliteEventStore.open({ filename: path.join(dataDir, 'events.sqlite') });
  try {
    const seedStart = performance.now();
    await seedIncidentLog(events, incidents);
    for (let first = 0; first < changes; first += 200) {
      await Promise.all(Array.from({ length: Math.min(200, changes - first) }, (_, i) => appendStream(events, changeStream(`c-${first + i}`), { changeId: `c-${first + i}` }, aChange(first + i))));
    }
    for (let first = 0; first < cis; first += 100) {
      await Promise.all(Array.from({ length: Math.min(100, cis - first) }, (_, i) => appendStream(events, configurationItemStream(`CI-${first + i}`), { ciId: `CI-${first + i}` }, aCi(first + i, changesPerCi))));
    }
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(1));
    const total = Number(await events.headPosition());

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const started = performance.now();
    const pack = await buildEvidencePack(events, { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', retrospectiveReviewDays: 5, generatedAt: new Date().toISOString(), trusted: trustedKeys([publicKey]) }, privateKey);
    const zip = zipEvidencePack(pack);
    manifestBytes(pack.manifest);
    const seconds = (performance.now() - started) / 1000;
    return {
      events: total,
      incidents,
      changes,
      ciChanges: cis * changesPerCi,
      seedSeconds,
      seconds: Number(seconds.toFixed(1)),
      eventsPerSecond: Math.round(total / seconds),
      files: pack.files.length + 1,
      zipBytes: zip.byteLength,
      peakMb: memoryOf(process.pid).peakMb,
    };
  } finally {
    await events.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
