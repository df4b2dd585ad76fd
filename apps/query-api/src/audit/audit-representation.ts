import { invalidField, ProblemException } from '@itsm/platform';
import type { AuditDownloadFormat } from './audit-events.dto';

/** What GET /audit/events answers with: one page of JSON, or every matching event as a download. */
export type AuditRepresentation =
  | { readonly kind: 'page'; readonly mediaType: 'application/json' }
  | { readonly kind: 'download'; readonly format: AuditDownloadFormat; readonly mediaType: string };

const PAGE: AuditRepresentation = { kind: 'page', mediaType: 'application/json' };
const CSV: AuditRepresentation = { kind: 'download', format: 'csv', mediaType: 'text/csv' };
const NDJSON: AuditRepresentation = { kind: 'download', format: 'jsonl', mediaType: 'application/x-ndjson' };
const JSONL: AuditRepresentation = { kind: 'download', format: 'jsonl', mediaType: 'application/jsonl' };

/** Everything served, the server's preference first: it breaks ties between equally acceptable types. */
export const AUDIT_MEDIA_TYPES: readonly AuditRepresentation[] = [PAGE, CSV, NDJSON, JSONL];

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/**
 * `format` when given (a link or a browser cannot set Accept), else content negotiation on Accept
 * (RFC 9110 §12.5.1: the most specific matching range gives a type its weight, q=0 refuses it);
 * no Accept, or an empty one, is the JSON page. Nothing acceptable is 406.
 */
export function auditRepresentation(format: AuditDownloadFormat | undefined, accept: string | undefined): AuditRepresentation {
  if (format !== undefined) return format === 'csv' ? CSV : NDJSON;
  const ranges = parseAccept(accept ?? '');
  if (ranges.length === 0) return PAGE;
  let best: { representation: AuditRepresentation; q: number } | null = null;
  for (const representation of AUDIT_MEDIA_TYPES) {
    const q = weightOf(representation.mediaType, ranges);
    if (q > 0 && (best === null || q > best.q)) best = { representation, q };
  }
  if (best === null) throw notAcceptable();
  return best.representation;
}

/** Accept names none of the types the audit trail is served as. */
export function notAcceptable(): ProblemException {
  const served = AUDIT_MEDIA_TYPES.map((representation) => representation.mediaType).join(', ');
  return new ProblemException(406, 'request.not_acceptable', `Accept names none of the types served here: ${served}`, [{ field: 'Accept', reason: `must accept one of ${served}` }]);
}

/** A download holds every matching event; paging parameters would silently mean nothing there. */
export function refusePagingOf(representation: AuditRepresentation, query: { readonly limit?: number; readonly cursor?: string }): void {
  if (representation.kind !== 'download') return;
  if (query.cursor !== undefined) throw invalidField('cursor', 'pages the JSON list; a download holds every matching event');
  if (query.limit !== undefined) throw invalidField('limit', 'pages the JSON list; a download holds every matching event');
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').flatMap((part) => {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [type, subtype] = range === '*' ? ['*', '*'] : range.split('/');
    if (!type || !subtype) return [];
    const weight = parameters.find((parameter) => parameter.startsWith('q='))?.slice(2);
    const q = weight === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(weight) ? Number(weight) : 0;
    return [{ type, subtype, q }];
  });
}

/** The weight of the most specific range matching the media type: exact, then `type/*`, then `*\/*`; 0 when none does. */
function weightOf(mediaType: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  const specificity = (range: MediaRange) => (range.type === type && range.subtype === subtype ? 3 : range.type === type && range.subtype === '*' ? 2 : range.type === '*' && range.subtype === '*' ? 1 : 0);
  let best: MediaRange | null = null;
  for (const range of ranges) if (specificity(range) > 0 && (best === null || specificity(range) > specificity(best))) best = range;
  return best?.q ?? 0;
}
