import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../../shared/projection-key';

export const CHANGE_APPROVALS = { name: 'change_approvals', version: 1 } as const;
export const CHANGE_APPROVALS_KEY = projectionKey(CHANGE_APPROVALS);

export const APPROVAL_LINE_KINDS = ['approved', 'rejected', 'invalidated', 'authorized'] as const;
export type ApprovalLineKind = (typeof APPROVAL_LINE_KINDS)[number];

/**
 * One line of a change's approvals timeline: what auditors read to see who cleared which content,
 * and when. Every edit of approved content invalidates the approvals and asks again, so the timeline
 * grows with the change's life without bound: each line is its own document, written once and paged.
 */
export interface ApprovalLineDocument extends StoredDocument {
  readonly changeId: string;
  readonly kind: ApprovalLineKind;
  readonly actor: string;
  readonly at: string;
  readonly comment: string | null;
  /** The content this line is about. */
  readonly contentHash: string;
  /** The change stream revision that recorded it: its place in the change's history. */
  readonly revision: number;
  /** For approvals: approvals of this content so far and how many the rule needs. */
  readonly approvals?: number;
  readonly required?: number;
  /** For invalidations: whose approvals were dropped and the hash they had approved. */
  readonly invalidatedApprovers?: readonly string[];
  readonly previousContentHash?: string;
  /** For authorizations: approvals or a standard template. */
  readonly basis?: 'approvals' | 'standard_template';
}

/** One change's lines by revision, either way (the store appends id). */
export const CHANGE_APPROVALS_COLLECTION: CollectionDefinition = {
  name: CHANGE_APPROVALS_KEY,
  indexes: [{ fields: ['changeId', 'revision'] }],
};

/** A line is the event at this revision of the change's stream. */
export function approvalLineId(changeId: string, revision: number): string {
  return `${changeId}:${revision}`;
}
