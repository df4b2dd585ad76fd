import { deterministicId, eventIdFor, isTimeOrderedId, timeOrderedId } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AT = Date.parse('2026-11-30T12:00:00.000Z');
const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('ids (ADR 23)', () => {
  describe('new ids are time-ordered (UUID version 7)', () => {
    it('carry the time in ms in their first 48 bits, then random bits', () => {
      const id = timeOrderedId(AT);
      expect(id).toMatch(UUID);
      expect(id[14]).toBe('7');
      expect(timeOf(id)).toBe(AT);
      expect(isTimeOrderedId(id)).toBe(true);
      expect(timeOrderedId(AT)).not.toBe(id);
    });

    it('sort by the time they were made, as text and so in an index, whatever their random bits', () => {
      const made = Array.from({ length: 200 }, (_, n) => timeOrderedId(AT + n));
      expect([...made].sort()).toEqual(made);
    });

    it('refuse a time their 48 bits cannot hold', () => {
      expect(() => timeOrderedId(-1)).toThrow(RangeError);
      expect(() => timeOrderedId(2 ** 48)).toThrow(RangeError);
    });
  });

  describe("an event's id derives from its command's, so a retried command yields the same ids", () => {
    it('under a time-ordered command id: the command time, then bits derived from the command id and the index', () => {
      const command = timeOrderedId(AT);
      const [first, second] = [eventIdFor(command, 0), eventIdFor(command, 1)];
      expect(eventIdFor(command, 0)).toBe(first);
      expect(first).not.toBe(second);
      expect([first, second].map(isTimeOrderedId)).toEqual([true, true]);
      expect([first, second].map(timeOf)).toEqual([AT, AT]);
      expect(eventIdFor(timeOrderedId(AT + 1), 0) > second).toBe(true);
    });

    it('under any other command id (an Idempotency-Key, a reaction, a system fact): exactly as before ADR 23, so a retry of a command recorded earlier finds its events', () => {
      expect(deterministicId('idem-key-1')).toBe('b9b737db-eb8f-89e6-9f5b-b90077fb93b3');
      expect(eventIdFor('cmd-1', 0)).toBe('4e5c6f39-8f56-8bbc-bc23-2d7fb05c58df');
      expect(eventIdFor(deterministicId('command', 'alice', 'key-1'), 1)).toBe('c0923a57-6ad2-88f1-8316-52ae20d4a08a');
      expect(isTimeOrderedId(deterministicId('command', 'alice', 'key-1'))).toBe(false);
    });
  });
});
