/** Just enough of OpenAPI 3.0's schema object to compose examples. */
export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string;
  readonly example?: unknown;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly items?: SchemaObject;
  readonly allOf?: readonly SchemaObject[];
  readonly oneOf?: readonly SchemaObject[];
  readonly anyOf?: readonly SchemaObject[];
  readonly default?: unknown;
}

const NOTHING = Symbol('no example');
type Example = unknown;

/**
 * An example of a whole request or answer, put together from the examples its DTOs declare on their
 * properties (`@ApiProperty({ example })`), so the DTO stays their one source. A property with no
 * example of its own takes its enum's first value, its default, or null when it may be null; an
 * object is built from its properties, an array holds one item. What cannot be composed is left
 * out, and the linter then refuses the example as invalid against its schema (a required property
 * missing), naming it.
 */
export function composeExample(schema: SchemaObject, schemas: Readonly<Record<string, SchemaObject>>, seen: readonly string[] = []): Example | undefined {
  const example = exampleOf(schema, schemas, seen);
  return example === NOTHING ? undefined : example;
}

function exampleOf(schema: SchemaObject, schemas: Readonly<Record<string, SchemaObject>>, seen: readonly string[]): Example {
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = schemas[name];
    // A schema that contains itself (a tree) is shown one level deep.
    return target === undefined || seen.includes(name) ? NOTHING : exampleOf(target, schemas, [...seen, name]);
  }
  if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variants = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (variants !== undefined) return mergedVariants(schema.allOf !== undefined ? variants : variants.slice(0, 1), schemas, seen);
  // A plain value that may be absent (a time not yet come, no assignee yet) is shown absent.
  if (schema.nullable === true && schema.type !== undefined && schema.type !== 'object' && schema.type !== 'array') return null;
  if (schema.type === 'array' && schema.items !== undefined) {
    const item = exampleOf(schema.items, schemas, seen);
    return item === NOTHING ? NOTHING : [item];
  }
  if (schema.properties !== undefined) {
    const entries = Object.entries(schema.properties)
      .map(([name, property]) => [name, exampleOf(property, schemas, seen)] as const)
      .filter(([, value]) => value !== NOTHING);
    return Object.fromEntries(entries);
  }
  if (schema.type === 'object') return {};
  return NOTHING;
}

function mergedVariants(variants: readonly SchemaObject[], schemas: Readonly<Record<string, SchemaObject>>, seen: readonly string[]): Example {
  const parts = variants.map((variant) => exampleOf(variant, schemas, seen)).filter((part) => part !== NOTHING);
  if (parts.length === 0) return NOTHING;
  if (parts.every((part) => typeof part === 'object' && part !== null && !Array.isArray(part))) return Object.assign({}, ...parts);
  return parts[0];
}
