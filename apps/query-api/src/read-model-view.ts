import type { Page, StoredDocument } from '@itsm/read-store';

/** What a client sees of a stored document: everything but the store's bookkeeping. */
export function view<T extends StoredDocument>(document: T): Omit<T, '_position'> {
  const { _position, ...rest } = document;
  void _position;
  return rest;
}

export function viewPage<T extends StoredDocument>(page: Page<T>): { items: Omit<T, '_position'>[]; nextCursor: string | null } {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
