import { InvalidCursorError } from '@itsm/read-store/port';
import { pageInMemory, questionOfCursor } from './memory-page';

const letters = ['a', 'b', 'c', 'd', 'e'];

describe('a list computed in memory, paged like a stored one', () => {
  it('serves every item once, in order, a limit at a time, and no cursor after the last', () => {
    const first = pageInMemory(letters, { limit: 2 });
    const second = pageInMemory(letters, { limit: 2, cursor: first.nextCursor });
    const third = pageInMemory(letters, { limit: 2, cursor: second.nextCursor });
    expect([first.items, second.items, third.items]).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(third.nextCursor).toBeNull();
    expect(pageInMemory(letters, { limit: 5 }).nextCursor).toBeNull();
  });

  it('refuses a cursor made for another question, or not made here', () => {
    const { nextCursor } = pageInMemory(letters, { limit: 2 }, { to: '2026-11-30T00:00:00.000Z' });
    expect(() => pageInMemory(letters, { limit: 2, cursor: nextCursor }, { to: '2026-12-01T00:00:00.000Z' })).toThrow(InvalidCursorError);
    for (const forged of ['not a cursor', Buffer.from('{"q":null,"n":-1}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      expect(() => pageInMemory(letters, { limit: 2, cursor: forged })).toThrow(InvalidCursorError);
    }
  });

  it('gives back what a cursor pins, so the next pages answer the first page’s question', () => {
    const { nextCursor } = pageInMemory(letters, { limit: 1 }, { to: '2026-11-30T00:00:00.000Z' });
    expect(questionOfCursor(nextCursor as string)).toEqual({ to: '2026-11-30T00:00:00.000Z' });
  });
});
