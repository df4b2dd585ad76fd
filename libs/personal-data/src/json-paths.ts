import type { Json } from '@itsm/event-store/port';

type JsonObject = { readonly [key: string]: Json };
const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a dot path, undefined when any step is missing. */
export function valueAt(data: Json, path: string): Json | undefined {
  let at: Json | undefined = data;
  for (const step of path.split('.')) {
    if (!isObject(at) || !Object.hasOwn(at, step)) return undefined;
    at = at[step];
  }
  return at;
}

/** A copy of `data` with the value at `path` replaced; the rest is shared, never changed. */
export function withValueAt(data: Json, path: string, value: Json): Json {
  const [step, ...rest] = path.split('.') as [string, ...string[]];
  if (!isObject(data) || !Object.hasOwn(data, step)) return data;
  return { ...data, [step]: rest.length === 0 ? value : withValueAt(data[step] as Json, rest.join('.'), value) };
}
