import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { RecordKindName } from '@itsm/projections';
import { ApiConditionalGet, ApiProblems, ApiQueryProblems, ApiTag, invalidField } from '@itsm/platform';
import { notCaughtUp } from './consistency';
import { SAMPLE } from './examples';
import { notFound, notYetRecorded, revisionNotFound } from './history/record-past';

/** The query API's tags, each described once for every controller under it. */
export const QUERY_TAGS = {
  incidents: 'Incidents as they stand: lists, the detail, notes, holds, resolutions, known errors, the major incident board and the priority matrix.',
  queues: 'Work queues: the open incidents of a group, of a person, or of nobody yet.',
  sla: 'Service levels: an incident’s clocks, the breach board, attainment, what-if, and the calendars and policies they follow.',
  cmdb: 'The CMDB: configuration items, their relationships, the impact of a failure, and the CMDB as it stood at an instant.',
  changes: 'Changes: the record, its approvals, the calendar, the CAB agenda, blackout windows and standard templates.',
  problems: 'Problems: queues, the detail with its incidents and fix, known errors, and candidates found in incident trends.',
  history: 'Every record’s history, read from the log, in one shape.',
  audit: 'For auditors: every event of the log, the signed checkpoints and the key they are signed with, and verification of the log.',
  compliance: 'ISO/IEC 20000-1 evidence packs, made from the log and signed.',
  events: 'The live change feed: Server-Sent Events telling a screen which tickets changed and at which position, resumable from Last-Event-ID.',
} as const;

export type QueryTag = keyof typeof QUERY_TAGS;

/** What every read can answer besides the platform's: a query parameter refused by name, consistentWith not reached in time. */
const readProblems = (): unknown[] => [invalidField('status', '"sleeping" is not one of new, in_progress, on_hold, resolved, closed, cancelled'), notCaughtUp(SAMPLE.position, 2000)];

/** A controller of reads under one tag: the bearer token, and the problems every read can answer. */
export const ApiReads = (tag: QueryTag) => applyDecorators(ApiTag(tag, QUERY_TAGS[tag]), ApiBearerAuth(), ApiQueryProblems(), ApiProblems(...readProblems()));

/** A read that can answer more problems than every read: the errors its own code throws, made as it makes them. */
export const ApiReadProblems = (...errors: unknown[]) => ApiProblems(...readProblems(), ...errors);

const SAMPLE_ID: Readonly<Record<RecordKindName, string>> = { incident: 'INC0010001', change: 'CHG0010001', ci: SAMPLE.ciId, 'blackout-window': SAMPLE.blackoutWindowId, problem: 'PRB0010001' };

/** A record read by id: unknown, and (with ?asOf or ?atRevision) not yet recorded then or no such revision; an ETag and If-None-Match. */
export const ApiRecordRead = (kind: RecordKindName) =>
  applyDecorators(
    ApiConditionalGet(),
    ApiReadProblems(notFound(kind, SAMPLE_ID[kind]), revisionNotFound(kind, SAMPLE_ID[kind], 9, 4), notYetRecorded(kind, SAMPLE_ID[kind], '2026-03-01T00:00:00Z', SAMPLE.at)),
  );

/** A read of one record's parts (notes, history, relationships…): unknown record. */
export const ApiPartsOf = (kind: RecordKindName) => ApiReadProblems(notFound(kind, SAMPLE_ID[kind]));
