import { withoutBookkeeping, type JsonPage, type Page, type StoredDocument } from '@itsm/read-store/port';

/** What a client sees of a stored document: everything but the store's bookkeeping. */
export const view: <T extends StoredDocument>(document: T) => Omit<T, '_position'> = withoutBookkeeping;

export function viewPage<T extends StoredDocument>(page: Page<T>): { items: Omit<T, '_position'>[]; nextCursor: string | null } {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/**
 * A page read as text (findAsJson) as the answer's body: byte for byte what `viewPage` of the same
 * page is sent as, with the same content type (JSON_TEXT, set by the route, since Fastify sends a
 * string as it is). The most read lists (the work queues, the incident list) are answered this
 * way, without parsing 50 stored documents only to write them again.
 */
export function viewPageText(page: JsonPage): string {
  return `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}

/** The content type Fastify gives an answer it serialises, for a route that answers viewPageText. */
export const JSON_TEXT = 'application/json; charset=utf-8';
