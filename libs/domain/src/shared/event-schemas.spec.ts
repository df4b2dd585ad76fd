import { EventSchemaRegistry, type EventFamily, type StoredEventData, type Upcaster } from './event-schemas';

type Fields = { readonly [field: string]: StoredEventData };
const fields = (data: StoredEventData): Fields => data as Fields;

// A ticket type whose shape took two steps: v2 split `name` into given and family names, v3 renamed `by` to `actor`.
const splitName: Upcaster = {
  type: 'TicketNamed',
  version: 2,
  upcast: (data) => {
    const { name, ...rest } = fields(data);
    const [given, ...family] = String(name).split(' ');
    return { ...rest, name: { given: given ?? '', family: family.join(' ') } };
  },
};
const renameBy: Upcaster = {
  type: 'TicketNamed',
  version: 3,
  upcast: (data) => {
    const { by, ...rest } = fields(data);
    return { ...rest, actor: by ?? null };
  },
};
const tickets = (upcasters: readonly Upcaster[], version = 3): EventFamily => ({ name: 'ticket', version, types: ['TicketNamed', 'TicketClosed'], upcasters });

describe('Event schemas: reading an older event in the current shape', () => {
  const schemas = new EventSchemaRegistry([tickets([renameBy, splitName])]);

  it('applies every step after the stored version, in version order however they were registered', () => {
    expect(schemas.upcast('TicketNamed', 1, { name: 'Ada Lovelace', by: 'ann' })).toEqual({ name: { given: 'Ada', family: 'Lovelace' }, actor: 'ann' });
    expect(schemas.upcast('TicketNamed', 2, { name: { given: 'Ada', family: 'Lovelace' }, by: 'ann' })).toEqual({ name: { given: 'Ada', family: 'Lovelace' }, actor: 'ann' });
  });

  it('gives the data itself when it is current, or when its type took no step since it was stored', () => {
    const current = { name: { given: 'Ada', family: 'Lovelace' }, actor: 'ann' };
    expect(schemas.upcast('TicketNamed', 3, current)).toBe(current);
    const closed = { reason: 'done' };
    expect(schemas.upcast('TicketClosed', 1, closed)).toBe(closed);
    expect(schemas.upcast('SomethingElse', 1, closed)).toBe(closed);
  });

  it('never changes the data it is given (the stored event stays as it was read)', () => {
    const stored = Object.freeze({ name: 'Ada Lovelace', by: 'ann' });
    schemas.upcast('TicketNamed', 1, stored);
    expect(stored).toEqual({ name: 'Ada Lovelace', by: 'ann' });
  });

  it('knows the version each type is written at now, and nothing of the types it was not given', () => {
    expect(schemas.currentVersion('TicketNamed')).toBe(3);
    expect(schemas.currentVersion('TicketClosed')).toBe(3);
    expect(schemas.currentVersion('CheckpointSigned')).toBeUndefined();
  });
});

describe('Event schemas: a registration that could mis-read a fact is refused at once', () => {
  it.each<[string, readonly EventFamily[], RegExp]>([
    ['a type in two families', [tickets([]), { name: 'other', version: 1, types: ['TicketClosed'], upcasters: [] }], /TicketClosed is registered twice/],
    ['a step for a type outside its family', [tickets([{ ...renameBy, type: 'IncidentOpened' }])], /IncidentOpened is not one of ticket's types/],
    ['a step beyond the version written now', [tickets([splitName, renameBy], 2)], /from 2 to 2/],
    ['a step to version 1, which has no version before it', [tickets([{ ...splitName, version: 1 }])], /from 2 to 3/],
    ['two steps to the same version of a type', [tickets([splitName, { ...renameBy, version: 2 }])], /registered twice/],
  ])('%s', (_, families, message) => {
    expect(() => new EventSchemaRegistry(families)).toThrow(message);
  });
});
