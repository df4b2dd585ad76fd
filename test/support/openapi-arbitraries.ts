import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}
export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: Schema;
}
export interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: Schema }>> };
}
export interface OpenApi {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

/** Strings an attacker tries: control characters, lone surrogates, huge, ISO week dates, encodings. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\nb', '\ud800', 'x\udfff', '2026-W01', '2026-13-45T99:99:99Z', 'toString', '__proto__', 'constructor', '%', '%E0%A4%A', '../../etc'),
  fc.string({ minLength: 101, maxLength: 300 }),
  fc.integer().map(String),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

/** A value shaped by `schema` most of the time, and hostile the rest. */
export function valueFor(doc: OpenApi, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 4) return junk;
  return fc.oneof({ weight: 4, arbitrary: shaped(doc, schema, depth) }, { weight: 1, arbitrary: junk });
}

function shaped(doc: OpenApi, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueFor(doc, resolve(doc, schema.$ref), depth + 1);
  if (schema.allOf?.length) return valueFor(doc, schema.allOf[0], depth + 1);
  if (schema.oneOf?.length) return fc.oneof(...schema.oneOf.map((one) => valueFor(doc, one, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: (schema.minimum ?? 0) - 2, max: (schema.maximum ?? 10) + 2 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(doc, schema.items, depth + 1), { maxLength: 4 });
    case 'object':
      return objectFor(doc, schema, depth);
    default:
      return schema.format === 'date-time' ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) : fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), hostileString);
  }
}

function objectFor(doc: OpenApi, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return fc.dictionary(hostileString, junk, { maxKeys: 3 });
  const record = Object.fromEntries(properties.map(([name, property]) => [name, valueFor(doc, property, depth + 1)]));
  const required = (schema.required ?? []).filter((name) => name in record);
  return fc.record(record, { requiredKeys: required });
}

function resolve(doc: OpenApi, ref: string): Schema | undefined {
  const name = ref.split('/').pop() ?? '';
  return doc.components?.schemas?.[name];
}

/** A body as bytes: the shaped value as JSON, or something a JSON client could not send. */
export function payloadFor(doc: OpenApi, schema: Schema | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: valueFor(doc, schema).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 5000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"title":', 'null', '[]', '"x"', '{"__proto__":{"admin":true}}', '\u0000') },
  );
}

/** A path segment for `{id}`: a known record, an unknown UUID, or something hostile. */
export function idFor(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostileString.map(encodeAnyway) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', 'a'.repeat(150), '%00') },
  );
}

export function queryValueFor(doc: OpenApi, schema: Schema | undefined): fc.Arbitrary<string> {
  return valueFor(doc, schema).map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? ''));
}

/** Percent-encodes like encodeURIComponent, and a lone surrogate as the bytes an attacker would send. */
export function encodeAnyway(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((char) => (/[\ud800-\udfff]/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');
  }
}
