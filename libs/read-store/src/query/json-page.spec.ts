import { storedJsonWithoutBookkeeping, withoutBookkeeping } from './json-page';
import type { StoredDocument } from '../read-store';

const as = (document: Record<string, unknown>) => document as unknown as StoredDocument;
/** What the cut must give: the document parsed, its bookkeeping left out, written again. */
const expected = (document: StoredDocument) => JSON.stringify(withoutBookkeeping(document));

describe('a stored document as JSON text without its _position', () => {
  it.each([
    ['the bookkeeping last, as every write stores it', as({ id: 'a', title: 't', _position: '00000000000000000042' })],
    ['nothing but an id beside it', as({ id: 'a', _position: '1' })],
    ['an empty position', as({ id: 'a', _position: '' })],
    ['the bookkeeping first', as({ _position: '1', id: 'a', title: 't' })],
    ['the bookkeeping between, a text last', as({ id: 'a', _position: '1', title: 't' })],
    ['a field of that name inside, last', as({ id: 'a', _position: '1', inner: { _position: '1' } })],
    ['a text that ends like it, then the bookkeeping', as({ id: 'a', title: ',"_position":"1"}', _position: '1' })],
    ['a text that ends like it, the bookkeeping first', as({ _position: '1', id: 'a', title: 'x","_position":"1' })],
    ['a position that is a number', as({ id: 'a', _position: 7 })],
    ['a position with a quote or a backslash', as({ id: 'a', _position: 'a"b\\c' })],
    ['escapes and characters beyond ASCII', as({ id: 'a', title: 'q " b \\ \u2028 🚑 é', _position: '1' })],
  ])('with %s', (_label, document) => {
    const cut = storedJsonWithoutBookkeeping(JSON.stringify(document));
    expect(cut).toBe(expected(document));
    expect(JSON.parse(cut)).not.toHaveProperty('_position');
  });
});
