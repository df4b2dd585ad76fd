import { sha256Hex } from './sha256';
import type { TimeWindow } from './time-window';

/**
 * What an approval is bound to: the plans, the window and the affected CIs. Title, justification
 * and assignee are left out on purpose: rewording the title does not change the work approved.
 */
export interface ChangeContent {
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly window: TimeWindow;
  /** Sorted and without duplicates, so that order carries no meaning. */
  readonly affectedCiIds: readonly string[];
}

export const CONTENT_FIELDS = ['implementationPlan', 'backoutPlan', 'testPlan', 'window', 'affectedCiIds'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** `sha256:<hex>` over the canonical JSON of the content; the prefix leaves room for another algorithm later. */
export function changeContentHash(content: ChangeContent): string {
  const { implementationPlan, backoutPlan, testPlan, window, affectedCiIds } = content;
  const canonical = canonicalJson({ implementationPlan, backoutPlan, testPlan, window, affectedCiIds });
  return `sha256:${sha256Hex(canonical)}`;
}

/**
 * JSON with object keys sorted at every depth and no whitespace, so equal data always gives equal
 * text (and so an equal hash) whatever order its keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
