import { generateKeyPairSync } from 'node:crypto';
import { unzipSync } from 'fflate';
import { MemoryEventStore, trustedKeys } from '@itsm/event-store';
import { DEFAULT_PRIORITY_MATRIX } from '@itsm/domain';
import { approved, authorized, change, ci, facts, incident, problem, resolvedProblem, rootCause, scheduled, started } from './testing/change-facts';
import { checkEvidencePack, manifestBytes, zipEvidencePack, type EvidencePack } from './evidence-manifest';
import { buildEvidencePack } from './evidence-pack';

const key = generateKeyPairSync('ed25519');
const TRUSTED = trustedKeys([key.publicKey]);
const PERIOD = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

const pack = (store: MemoryEventStore, generatedAt = '2026-04-02T08:00:00.000Z') => buildEvidencePack(store, { ...PERIOD, retrospectiveReviewDays: 5, generatedAt, trusted: TRUSTED }, key.privateKey);
const read = (built: EvidencePack, path: string) => JSON.parse(new TextDecoder().decode(built.files.find((file) => file.path === path)!.bytes));

describe('Evidence packs from the log (issue 12)', () => {
  it('lists exactly the nonconformities planted, one of each, with the positions that prove them', async () => {
    const store = new MemoryEventStore();
    await change(store, 'OK', 'normal', approved('carl'), authorized, scheduled, started(), ['10T11:30', 'ivan', 'ChangeImplementationCompleted', { outcome: 'successful' }]);
    const a = await change(store, 'A', 'normal', scheduled, started());
    const b = await change(store, 'B', 'normal', approved('rita'), approved('carl'), authorized, scheduled, started());
    const c = await change(store, 'C', 'normal', approved('ivan'), approved('carl'), authorized, scheduled, started());
    const d = await change(store, 'D', 'emergency', started('05T03:00', 'ivan', true));
    const f = await change(store, 'F', 'normal', approved('carl'), authorized, scheduled, started('10T13:00'));
    const g = await change(store, 'G', 'normal', approved('carl'), authorized, scheduled, ['04T09:00', 'rita', 'ChangeUpdated', { changes: {}, previousContentHash: 'h1', contentHash: 'h2' }], started());
    // 8.6.1: impact 2 × urgency 2 is P3 by the default matrix, P1 recorded. 8.2.6: DB changed inside OK's window, and outside any.
    const matrix = DEFAULT_PRIORITY_MATRIX.version;
    // A major incident, accepted and reviewed, the review naming the problem that follows.
    await incident(store, 'I-OK', { impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: matrix }, ['10T09:00', 'mona', 'MajorIncidentAccepted', { reason: 'company-wide' }], ['11T09:00', 'ann', 'MajorIncidentReviewRecorded', { whatHappened: 'w', timeline: 't', actions: 'a', problemId: 'P-OK' }]);
    const wrong = await incident(store, 'I-P1', { impact: 2, urgency: 2, priority: 1, priorityMatrixVersion: matrix });
    // 8.3.3: an incident measured by a policy (1 h response, 8 h resolution, calendar time) that nobody worked: both ran out, unrecorded.
    const policy = { name: 'standard', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: [], onReopen: 'resume', targets: [{ priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: null } }] };
    const measured = await incident(store, 'I-SLA', { impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: matrix }, ['10T08:00', 'ann', 'SlaStarted', { policy, calendars: [] }]);
    const db = await ci(store, 'DB', ['10T10:40', 'ivan', 'ConfigurationItemAttributesUpdated', { attributes: {} }], ['15T10:00', 'ivan', 'ConfigurationItemAttributesUpdated', { attributes: {} }]);
    // 8.6.3: one problem done properly, one resolved with no root cause, one resolved past its fix change.
    await problem(store, 'P-OK', ['I-OK'], rootCause, ['11T10:00', 'pat', 'KnownErrorPublished', { symptom: 'mail stuck', category: 'email', configurationItemId: null, rootCause: 'cron job', workaround: 'restart' }], resolvedProblem());
    const noCause = await problem(store, 'P-NC', [], resolvedProblem());
    const overridden = await problem(store, 'P-OV', ['I-P1'], rootCause, ['11T10:00', 'pat', 'ProblemFixChangeLinked', { changeId: 'F' }], resolvedProblem('the vendor patched it', 'F'));
    const built = await pack(store);
    const listed = (clause: string) => read(built, `${clause}/nonconformities.json`).map((n: { kind: string; record: { id: string }; positions: string[] }) => [n.record.id, n.kind, n.positions]);
    expect(listed('8.6.1-incident-management')).toEqual([['I-P1', 'priority_not_per_matrix', [wrong[0]]]]);
    expect(listed('8.2.6-configuration-management')).toEqual([['DB', 'ci_change_unlinked', [db[2]]]]);
    expect(listed('8.6.3-problem-management')).toEqual([['P-NC', 'resolved_without_root_cause', [noCause[1]]], ['P-OV', 'resolved_by_override', [overridden[3]]]]);
    expect(read(built, '8.6.3-problem-management/problems.json').map((p: { problemId: string; incidentIds: string[]; knownErrorSymptom: string | null; status: string }) => [p.problemId, p.incidentIds, p.knownErrorSymptom, p.status])).toEqual([
      ['P-NC', [], null, 'resolved'], ['P-OK', ['I-OK'], 'mail stuck', 'resolved'], ['P-OV', ['I-P1'], null, 'resolved'],
    ]);
    expect(listed('8.3.3-service-level-management')).toEqual([['I-SLA', 'breach_not_recorded', [measured[0]]], ['I-SLA', 'breach_not_recorded', [measured[0]]]]);
    expect(read(built, '8.3.3-service-level-management/breaches.json').map((breach: { metric: string; at: string }) => [breach.metric, breach.at])).toEqual([['response', '2026-03-10T09:00:00.000Z'], ['resolution', '2026-03-10T16:00:00.000Z']]);
    expect(read(built, '8.2.6-configuration-management/ci-changes.json').map((line: { coveredBy: string[] }) => line.coveredBy)).toEqual([['CHG-OK', 'CHG-B', 'CHG-C', 'CHG-F', 'CHG-G'], []]);
    const found = read(built, '8.5.1-change-management/nonconformities.json').map((n: { kind: string; record: { id: string }; positions: string[] }) => [n.record.id, n.kind, n.positions]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['A', 'implemented_before_authorization', [a[2]]],
        ['B', 'approver_is_requester', [b[1]]],
        ['C', 'approver_is_implementer', [c[1], c[5]]],
        ['D', 'emergency_without_retrospective_review', [d[1]]],
        ['F', 'implemented_outside_window', [f[4]]],
        ['G', 'implemented_content_not_approved', [g[2], g[5]]],
      ]),
    );
    expect(found).toHaveLength(6);
    expect(read(built, '8.5.1-change-management/changes.json').map((c: { changeId: string }) => c.changeId)).toEqual(['A', 'B', 'C', 'D', 'F', 'G', 'OK']);
    expect(built.manifest.clauses).toEqual([
      { clause: '8.2.6', title: 'Configuration management', records: 2, nonconformities: 1 },
      { clause: '8.3.3', title: 'Service level management', records: 2, nonconformities: 2 },
      { clause: '8.5.1', title: 'Change management', records: 7, nonconformities: 6 },
      { clause: '8.6.1', title: 'Incident management', records: 3, nonconformities: 1 },
      { clause: '8.6.3', title: 'Problem management', records: 3, nonconformities: 2 },
    ]);
    expect(built.manifest).toMatchObject({ verification: { ok: true }, log: { events: 53 } });
    expect(read(built, '8.6.1-incident-management/incidents.json').find((i: { incidentId: string }) => i.incidentId === 'I-OK')).toMatchObject({ majorSince: '2026-03-10T09:00:00.000Z', reviewedAt: '2026-03-11T09:00:00.000Z', reviewProblemId: 'P-OK' });
    // No matrix or SLA configuration was defined in this log: the default matrix priced every incident.
    expect(built.manifest.inForce).toEqual({ priorityMatrices: [{ name: 'priority-matrix', version: matrix, effectiveFrom: null }], slaPolicies: [], businessCalendars: [] });
  });

  it('finds none in a clean log, and gives the same bytes for the same period whenever it is run (the manifest\'s time aside)', async () => {
    const store = new MemoryEventStore();
    await change(store, 'OK', 'normal', approved('carl'), authorized, scheduled, started());
    // Versions of a policy: one in force when March begins, one taking effect in it, one after it.
    const version = (n: number, effectiveFrom: string) => ({ name: 'standard', version: n, effectiveFrom, scope: { assignmentGroup: null, configurationItemId: null }, targets: [], atRiskPercent: 75, pausingHoldReasons: [], onReopen: 'resume' });
    await facts(store, 'sla-configuration', {}, [['01T00:00', 'mia', 'SlaPolicyDefined', version(1, '2026-01-01T00:00:00.000Z')], ['02T00:00', 'mia', 'SlaPolicyDefined', version(2, '2026-03-15T00:00:00.000Z')], ['03T00:00', 'mia', 'SlaPolicyDefined', version(3, '2026-04-15T00:00:00.000Z')]]);
    const [first, second] = [await pack(store), await pack(store, '2027-01-01T00:00:00.000Z')];
    expect(first.manifest.inForce.slaPolicies).toEqual([{ name: 'standard', version: '1', effectiveFrom: '2026-01-01T00:00:00.000Z' }, { name: 'standard', version: '2', effectiveFrom: '2026-03-15T00:00:00.000Z' }]);
    await problem(store, 'P-OK', [], rootCause, resolvedProblem());
    for (const clause of ['8.2.6-configuration-management', '8.3.3-service-level-management', '8.5.1-change-management', '8.6.1-incident-management', '8.6.3-problem-management']) expect(read(first, `${clause}/nonconformities.json`)).toEqual([]);
    expect(new TextDecoder().decode(first.files.find((file) => file.path.endsWith('nonconformities.csv'))!.bytes)).toBe('clause,kind,record,at,detail,positions\r\n');
    expect(second.files).toEqual(first.files);
    const { generatedAt: _a, signature: _s, ...rest } = second.manifest;
    expect(rest).toEqual((({ generatedAt, signature, ...others }) => (void generatedAt, void signature, others))(first.manifest));
  });

  it('a pack handed over checks: its signature by a trusted key and every file; a changed, missing or added file, or an unknown key, does not', async () => {
    const store = new MemoryEventStore();
    await change(store, 'OK', 'normal', approved('carl'), authorized, scheduled, started());
    const built = await pack(store);
    const unzipped = unzipSync(zipEvidencePack(built));
    expect(new TextDecoder().decode(unzipped['manifest.json'])).toBe(new TextDecoder().decode(manifestBytes(built.manifest)));
    const files = new Map(Object.entries(unzipped).filter(([path]) => path !== 'manifest.json'));
    expect(checkEvidencePack(built.manifest, files, TRUSTED)).toEqual({ ok: true, keyId: built.manifest.signature.keyId, files: 23 });
    // One character changed, the size the same: only the hash can tell.
    const csv = new TextDecoder().decode(files.get('8.5.1-change-management/changes.csv')!).replace('rita', 'rite');
    const changed = new Map(files).set('8.5.1-change-management/changes.csv', new TextEncoder().encode(csv));
    expect(checkEvidencePack(built.manifest, changed, TRUSTED)).toEqual({ ok: false, problems: ["8.5.1-change-management/changes.csv: changed (its SHA-256 is not the manifest's)"] });
    const missing = new Map(files);
    missing.delete('8.5.1-change-management/changes.json');
    missing.set('extra.txt', new Uint8Array());
    expect(checkEvidencePack(built.manifest, missing, TRUSTED)).toEqual({ ok: false, problems: ['8.5.1-change-management/changes.json: missing', 'extra.txt: not in the manifest'] });
    const forged = { ...built.manifest, period: { ...built.manifest.period, to: '2026-05-01T00:00:00.000Z' } };
    expect(checkEvidencePack(forged, files, TRUSTED)).toEqual({ ok: false, problems: ['manifest.json: the signature does not match its content'] });
    const stranger = trustedKeys([generateKeyPairSync('ed25519').publicKey]);
    expect(checkEvidencePack(built.manifest, files, stranger)).toMatchObject({ ok: false, problems: [expect.stringContaining('not a trusted key')] });
    // The zip is as reproducible as the files: the same content gives the same bytes.
    expect(zipEvidencePack(built)).toEqual(zipEvidencePack(built));
  });
});
