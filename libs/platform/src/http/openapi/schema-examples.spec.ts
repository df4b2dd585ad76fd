import { composeExample, type SchemaObject } from './schema-examples';

const schemas: Record<string, SchemaObject> = {
  Ref: { type: 'object', required: ['kind', 'reference'], properties: { kind: { type: 'string', enum: ['change', 'problem'] }, reference: { type: 'string', example: 'CHG0030012' } } },
  Hold: {
    type: 'object',
    required: ['reason', 'since'],
    properties: {
      reason: { type: 'string', example: 'awaiting_change' },
      since: { type: 'string', nullable: true },
      awaiting: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/Ref' }] },
      notes: { type: 'array', items: { type: 'string', example: 'called back' } },
      title: { type: 'string' },
    },
  },
};

describe('An example composed from the examples a DTO declares', () => {
  it("takes each property's example, an enum's first value, null for a plain value that may be null, one item of a list, a referred object built the same way", () => {
    expect(composeExample({ $ref: '#/components/schemas/Hold' }, schemas)).toEqual({
      reason: 'awaiting_change',
      since: null,
      awaiting: { kind: 'change', reference: 'CHG0030012' },
      notes: ['called back'],
    });
  });

  it('leaves out a property it has nothing for, so the linter names it when it is required', () => {
    expect(composeExample({ type: 'object', required: ['title'], properties: { title: { type: 'string' } } }, schemas)).toEqual({});
    expect(composeExample({ type: 'string' }, schemas)).toBeUndefined();
  });
});
