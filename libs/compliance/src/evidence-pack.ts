import type { KeyObject } from 'node:crypto';
import {
  CHANGE_STREAM_PREFIX,
  changeConformance,
  ciChangeConformance,
  CI_NAME_STREAM_PREFIX,
  DEFAULT_PRIORITY_MATRIX,
  CI_STREAM_PREFIX,
  INCIDENT_STREAM_PREFIX,
  incidentConformance,
  PRIORITY_MATRICES_STREAM,
  priorityMatricesDecider,
  problemConformance,
  PROBLEM_STREAM_PREFIX,
  SLA_CONFIGURATION_STREAM,
  slaConfigurationDecider,
  slaAttainmentRows,
  slaConformance,
  type ChangeEvent,
  type ChangeEvidence,
  type CiChangeEvidence,
  type ConfigurationItemEvent,
  type IncidentEvent,
  type IncidentEvidence,
  type Nonconformity,
  type ProblemEvent,
  type ProblemEvidence,
  type SlaAttainmentRow,
  type SlaBreachEvidence,
  type SlaCycleEvidence,
} from '@itsm/domain';
import { verifyLog, type EventStore, type Json, type TrustedKeys, type VerifyReport } from '@itsm/event-store/port';
import { EVIDENCE_PACK_FORMAT, sha256, signManifest, type EvidencePack, type PackFile, type UnsignedManifest, type VersionInForce } from './evidence-manifest';
import { csvDocument, foldStream } from '@itsm/projections';
import { evidenceReportHtml } from './evidence-report';

/**
 * An ISO/IEC 20000-1 evidence pack for a period (issue 12): per clause, the records and the
 * nonconformities with the log positions that prove them, in JSON and CSV; a manifest with the
 * SHA-256 of every file, the log positions covered and the log's verification over them, signed
 * with the key that signs the log's checkpoints. Computed from the log alone, so the same period
 * gives byte-identical files whenever it is run; the only time that differs is `generatedAt`, in
 * the manifest.
 */
export interface EvidencePackOptions {
  /** The period: facts that occurred from `from` (inclusive) to `to` (exclusive). */
  readonly from: string;
  readonly to: string;
  /** Days after implementation within which an emergency change's retrospective review is due. */
  readonly retrospectiveReviewDays: number;
  readonly generatedAt: string;
  readonly trusted: TrustedKeys;
}

const CHANGE_COLUMNS = ['changeId', 'number', 'changeType', 'requester', 'raisedAt', 'approvals', 'authorizedAt', 'authorizedContentHash', 'window', 'implementationStartedAt', 'implementer', 'implementedContentHash', 'outcome', 'retrospectiveReviewAt', 'closedAt', 'cancelledAt'] as const satisfies readonly (keyof ChangeEvidence)[];
const NONCONFORMITY_COLUMNS = ['clause', 'kind', 'record', 'at', 'detail', 'positions'] as const satisfies readonly (keyof Nonconformity)[];
const INCIDENT_COLUMNS = ['incidentId', 'number', 'openedAt', 'priority', 'prioritisations', 'imported', 'resolvedAt', 'closedAt', 'responseSla', 'resolutionSla', 'majorSince', 'reviewedAt', 'reviewProblemId', 'resolvedWithParent'] as const satisfies readonly (keyof IncidentEvidence)[];
const ATTAINMENT_COLUMNS = ['by', 'key', 'metric', 'met', 'breached', 'inProgress', 'percentage'] as const satisfies readonly (keyof SlaAttainmentRow)[];
const BREACH_COLUMNS = ['incidentId', 'number', 'metric', 'cycle', 'policy', 'targetMs', 'at', 'causes', 'recordedAt'] as const satisfies readonly (keyof SlaBreachEvidence)[];
const PROBLEM_COLUMNS = ['problemId', 'number', 'title', 'category', 'priority', 'raisedAt', 'status', 'rootCause', 'rootCauseCategory', 'workaround', 'knownErrorAt', 'knownErrorSymptom', 'incidentIds', 'fixChangeId', 'resolvedAt', 'overrideReason', 'closedAt', 'cancelledAt'] as const satisfies readonly (keyof ProblemEvidence)[];
const CI_CHANGE_COLUMNS = ['ciId', 'type', 'at', 'actor', 'position', 'coveredBy'] as const satisfies readonly (keyof CiChangeEvidence)[];

/** Reads the period from the log and makes the pack, signed with `signingKey`. */
export async function buildEvidencePack(store: EventStore, options: EvidencePackOptions, signingKey: KeyObject): Promise<EvidencePack> {
  const touched = await streamsTouched(store, options);
  const inPeriod = (found: Nonconformity) => found.at >= options.from && found.at < options.to;
  const factsOf = async <E>(stream: string) =>
    (await store.readStream(stream)).map((event) => ({ position: event.position, revision: event.revision, occurredAt: event.metadata.occurredAt, actor: event.metadata.actor, event: { type: event.type, data: event.data } as unknown as E }));

  // 8.5.1: the changes with a fact in the period; every change before its end covers CI changes (8.2.6).
  const changes: ChangeEvidence[] = [];
  const covering: ChangeEvidence[] = [];
  const changeNonconformities: Nonconformity[] = [];
  for (const stream of touched.before.filter((name) => name.startsWith(CHANGE_STREAM_PREFIX))) {
    const found = changeConformance(await factsOf<ChangeEvent>(stream), { retrospectiveReviewDays: options.retrospectiveReviewDays, until: options.to });
    if (found.evidence === null) continue;
    covering.push(found.evidence);
    if (!touched.streams.has(stream)) continue;
    changes.push(found.evidence);
    changeNonconformities.push(...found.nonconformities.filter(inPeriod));
  }

  // 8.6.1: the incidents with a fact in the period, prioritised by the matrix versions the log holds.
  const matrices = await foldStream(store, PRIORITY_MATRICES_STREAM, priorityMatricesDecider);
  const incidents: IncidentEvidence[] = [];
  const incidentNonconformities: Nonconformity[] = [];
  // 8.3.3: the same incidents' SLA cycles, breaches with their causes, and breaches no fact records.
  const slaCycles: SlaCycleEvidence[] = [];
  const breaches: SlaBreachEvidence[] = [];
  const slaNonconformities: Nonconformity[] = [];
  for (const stream of [...touched.streams].filter((name) => name.startsWith(INCIDENT_STREAM_PREFIX))) {
    const facts = await factsOf<IncidentEvent>(stream);
    const found = incidentConformance(facts, matrices, options.to);
    if (found.evidence !== null) incidents.push(found.evidence);
    incidentNonconformities.push(...found.nonconformities.filter(inPeriod));
    const sla = slaConformance(facts, options);
    slaCycles.push(...sla.cycles);
    breaches.push(...sla.breaches);
    slaNonconformities.push(...sla.nonconformities);
  }

  // 8.2.6: the CI changes in the period, each covered by an authorised change or listed.
  const ciChanges: CiChangeEvidence[] = [];
  const ciNonconformities: Nonconformity[] = [];
  const coveringChanges = covering.map(({ changeId, number, affectedCiIds, authorizedAt, window }) => ({ changeId, number, affectedCiIds, authorizedAt, window }));
  // A CI's stream, not a CI name's (both begin with ci-).
  for (const stream of [...touched.streams].filter((name) => name.startsWith(CI_STREAM_PREFIX) && !name.startsWith(CI_NAME_STREAM_PREFIX))) {
    const found = ciChangeConformance(await factsOf<ConfigurationItemEvent>(stream), coveringChanges, options);
    ciChanges.push(...found.evidence);
    ciNonconformities.push(...found.nonconformities);
  }

  // 8.6.3: the problems with a fact in the period, their known errors and linked incidents.
  const problems: ProblemEvidence[] = [];
  const problemNonconformities: Nonconformity[] = [];
  for (const stream of [...touched.streams].filter((name) => name.startsWith(PROBLEM_STREAM_PREFIX))) {
    const found = problemConformance(await factsOf<ProblemEvent>(stream), options.to);
    if (found.evidence !== null) problems.push(found.evidence);
    problemNonconformities.push(...found.nonconformities.filter(inPeriod));
  }

  changes.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.changeId.localeCompare(b.changeId));
  problems.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.problemId.localeCompare(b.problemId));
  incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.incidentId.localeCompare(b.incidentId));
  ciChanges.sort((a, b) => a.position.localeCompare(b.position));
  breaches.sort((a, b) => a.at.localeCompare(b.at) || a.incidentId.localeCompare(b.incidentId) || a.metric.localeCompare(b.metric));
  const clauses = [
    { clause: '8.2.6', title: 'Configuration management', folder: '8.2.6-configuration-management', lists: { 'ci-changes': clauseFiles(CI_CHANGE_COLUMNS, ciChanges) }, nonconformities: ciNonconformities, records: ciChanges.length },
    { clause: '8.3.3', title: 'Service level management', folder: '8.3.3-service-level-management', lists: { attainment: clauseFiles(ATTAINMENT_COLUMNS, slaAttainmentRows(slaCycles)), breaches: clauseFiles(BREACH_COLUMNS, breaches) }, nonconformities: slaNonconformities, records: slaCycles.length },
    { clause: '8.5.1', title: 'Change management', folder: '8.5.1-change-management', lists: { changes: clauseFiles(CHANGE_COLUMNS, changes) }, nonconformities: changeNonconformities, records: changes.length },
    { clause: '8.6.1', title: 'Incident management', folder: '8.6.1-incident-management', lists: { incidents: clauseFiles(INCIDENT_COLUMNS, incidents) }, nonconformities: incidentNonconformities, records: incidents.length },
    { clause: '8.6.3', title: 'Problem management', folder: '8.6.3-problem-management', lists: { problems: clauseFiles(PROBLEM_COLUMNS, problems) }, nonconformities: problemNonconformities, records: problems.length },
  ];
  const files: PackFile[] = clauses.flatMap(({ folder, lists, nonconformities }) => {
    const sorted = [...nonconformities].sort((a, b) => a.positions.at(-1)!.localeCompare(b.positions.at(-1)!) || a.kind.localeCompare(b.kind));
    return Object.entries({ ...lists, nonconformities: clauseFiles(NONCONFORMITY_COLUMNS, sorted) }).flatMap(([name, list]) => [
      { path: `${folder}/${name}.json`, bytes: list.json },
      { path: `${folder}/${name}.csv`, bytes: list.csv },
    ]);
  });
  const report = touched.fromPosition === null ? null : await verifyLog(store, { trusted: options.trusted, from: touched.fromPosition, to: touched.toPosition });
  const log = { fromPosition: touched.fromPosition, toPosition: touched.toPosition, events: touched.events };
  const everyNonconformity = clauses.flatMap(({ nonconformities }) => [...nonconformities].sort((a, b) => a.positions.at(-1)!.localeCompare(b.positions.at(-1)!) || a.kind.localeCompare(b.kind)));
  const summaries = clauses.map(({ clause, title, records, nonconformities }) => ({ clause, title, records, nonconformities: nonconformities.length }));
  const html = evidenceReportHtml({ period: { from: options.from, to: options.to }, log: { ...log, verified: report?.ok ?? true }, clauses: summaries, nonconformities: everyNonconformity, changes, slaCycles });
  files.push({ path: 'report.html', bytes: new TextEncoder().encode(html) });
  const unsigned: UnsignedManifest = {
    format: EVIDENCE_PACK_FORMAT,
    period: { from: options.from, to: options.to },
    generatedAt: options.generatedAt,
    options: { retrospectiveReviewDays: options.retrospectiveReviewDays },
    log,
    verification: verificationOf(report),
    inForce: {
      priorityMatrices: priorityMatricesInForce(matrices.versions, options),
      ...(await slaVersionsInForce(store, options)),
    },
    clauses: summaries,
    files: files.map(({ path, bytes }) => ({ path, sha256: sha256(bytes), bytes: bytes.length })),
  };
  return { manifest: signManifest(unsigned, signingKey), files };
}

/** A list as the pack writes it: JSON (indented, one trailing newline) and CSV with these columns. */
function clauseFiles<T>(columns: readonly (keyof T & string)[], records: readonly T[]): { json: Uint8Array; csv: Uint8Array } {
  const text = (value: string) => new TextEncoder().encode(value);
  return { json: text(`${JSON.stringify(records, null, 2)}\n`), csv: text(csvDocument(columns, records)) };
}

/**
 * The streams with a fact in the period, those with a fact before its end (changes authorised earlier
 * cover CI changes in it), and the positions the period spans.
 */
async function streamsTouched(store: EventStore, options: { readonly from: string; readonly to: string }) {
  const streams = new Set<string>();
  const before = new Set<string>();
  let fromPosition: string | null = null;
  let toPosition: string | null = null;
  let events = 0;
  for (let after: string | null = null; ; ) {
    const page = await store.readAll({ after, max: 1000 });
    for (const event of page) {
      const at = event.metadata.occurredAt;
      if (at < options.to) before.add(event.stream);
      if (at < options.from || at >= options.to) continue;
      streams.add(event.stream);
      fromPosition ??= event.position;
      toPosition = event.position;
      events++;
    }
    const last = page.at(-1);
    if (page.length < 1000 || last === undefined) break;
    after = last.position;
  }
  return { streams, before: [...before], fromPosition, toPosition, events };
}

/** The versions (in the order they take effect) that were in force at some moment of [from, to): the last before `from`, and those that took effect in it. */
function inForceDuring<T extends { readonly effectiveFrom: string }>(versions: readonly T[], period: { readonly from: string; readonly to: string }): T[] {
  const before = versions.filter((version) => version.effectiveFrom <= period.from).at(-1);
  return [...(before === undefined ? [] : [before]), ...versions.filter((version) => version.effectiveFrom > period.from && version.effectiveFrom < period.to)];
}

function priorityMatricesInForce(versions: readonly { readonly version: string; readonly effectiveFrom: string }[], period: { readonly from: string; readonly to: string }): VersionInForce[] {
  const during = inForceDuring(versions, period).map(({ version, effectiveFrom }) => ({ name: 'priority-matrix', version, effectiveFrom }));
  // Before the first version is defined, the default matrix prices incidents.
  const first = versions[0];
  return first === undefined || first.effectiveFrom > period.from ? [{ name: 'priority-matrix', version: DEFAULT_PRIORITY_MATRIX.version, effectiveFrom: null }, ...during] : during;
}

async function slaVersionsInForce(store: EventStore, period: { readonly from: string; readonly to: string }): Promise<{ slaPolicies: VersionInForce[]; businessCalendars: VersionInForce[] }> {
  const configuration = await foldStream(store, SLA_CONFIGURATION_STREAM, slaConfigurationDecider);
  const listed = (byName: Readonly<Record<string, readonly { readonly name: string; readonly version: number; readonly effectiveFrom: string }[]>>) =>
    Object.keys(byName).sort().flatMap((name) => inForceDuring(byName[name]!, period).map(({ version, effectiveFrom }) => ({ name, version: String(version), effectiveFrom })));
  return { slaPolicies: listed(configuration.policies), businessCalendars: listed(configuration.calendars) };
}

function verificationOf(report: VerifyReport | null): UnsignedManifest['verification'] {
  if (report === null) return { ok: true, eventsChecked: 0, checkpointsChecked: 0, firstBreak: null };
  return { ok: report.ok, eventsChecked: report.eventsChecked, checkpointsChecked: report.checkpointsChecked, firstBreak: (report.firstBreak ?? null) as unknown as Json };
}
