import type { JsonPage, Page, StoredDocument } from '../read-store';

/** What a client sees of a stored document: everything but the store's bookkeeping. */
export function withoutBookkeeping<T extends StoredDocument>(document: T): Omit<T, '_position'> {
  const { _position, ...rest } = document;
  void _position;
  return rest;
}

/** A page `find` answered, as `findAsJson` answers it. */
export function pageAsJson(page: Page<StoredDocument>): JsonPage {
  return { items: page.items.map((document) => JSON.stringify(withoutBookkeeping(document))), nextCursor: page.nextCursor };
}

const LAST_MEMBER = ',"_position":"';

/**
 * The JSON text of a stored document without its `_position`, from the text stored: every write
 * stores `JSON.stringify` of a document whose `_position` (a string of digits) comes last, and that
 * member is cut from the text. Anything else (`_position` elsewhere, a value with escapes) is parsed
 * and written again. The cut is exact: in valid JSON, `,"_position":"…"}` at the very end, with no
 * quote or backslash inside the value, can only be the outer object's last member, since a comma
 * inside a string cannot be followed by an unescaped quote that goes on as a key. The rest of the
 * text is kept as stored: it is `JSON.stringify`'s output, as applyBatch writes every body.
 */
export function storedJsonWithoutBookkeeping(body: string): string {
  const at = body.lastIndexOf(LAST_MEMBER);
  if (at > 0 && body.endsWith('"}') && isPlainString(body, at + LAST_MEMBER.length, body.length - 2)) return `${body.slice(0, at)}}`;
  return JSON.stringify(withoutBookkeeping(JSON.parse(body) as StoredDocument));
}

/** Whether body[from, to) is a range, holding no quote and no backslash. */
function isPlainString(body: string, from: number, to: number): boolean {
  if (from > to) return false;
  for (let i = from; i < to; i++) {
    const code = body.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) return false;
  }
  return true;
}
