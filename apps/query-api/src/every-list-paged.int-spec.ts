import { InProcessApp } from '../../../test/support/in-process-app';
import { MAX_PAGE_SIZE } from './page-query.dto';
import { QueryApiModule } from './query-api.module';

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; maximum?: number };
type Parameter = { name: string; in: string; deprecated?: boolean; description?: string; schema?: Schema };
type Operation = { parameters?: Parameter[]; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** How every list is read and kept consistent: not filters. */
const PAGING = ['limit', 'cursor', 'consistentWith', 'order'];

/** Parameters of a list that are no field of its items, each for a reason a screen would give. */
const NOT_FIELDS: Record<string, Record<string, string>> = {
  '/changes': { from: 'the range a window must overlap', to: 'the range a window must overlap', service: 'a service, resolved to its CIs through the CMDB' },
  '/blackout-windows': { from: 'the range a window must overlap', to: 'the range a window must overlap' },
  '/audit/events': { from: 'a range of occurredAt', to: 'a range of occurredAt', format: 'a download instead of a page' },
  '/cis/{id}/relationships': { direction: 'which way the relationships are read; every item has it' },
  '/problem-candidates': { windowDays: 'the sliding window', threshold: 'the smallest cluster', to: 'where the window ends' },
  '/known-errors': { symptom: "the known error's symptom (knownError.symptom)" },
};

/**
 * Answers with arrays that are not lists of records, and so are answered whole: one object's parts,
 * bounded by what they describe.
 */
const WHOLE: Record<string, string[]> = {
  '/priority-matrices': ['versions', 'imported'], // one configuration: its versions, a handful a year
  '/incidents/{id}/sla': ['calendars', 'steps', 'clocks'], // one incident's two clocks and their steps
  '/sla/attainment': ['rows'], // one row per group, priority or policy, with the total over them
};

describe('Every list the query API answers is paged, and filtered by the names of its items’ fields', () => {
  let api: InProcessApp;
  let doc: OpenApi;
  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config));
    doc = (await api.request('GET', '/docs-json')).body;
  });
  afterAll(() => api.stop());

  const resolve = (schema: Schema | undefined): Schema => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop() as string] ?? {} : schema ?? {});
  const reads = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) => {
      const op = methods['get'];
      if (op === undefined) return [];
      const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1];
      return [{ path, op, answer: resolve(success?.content?.['application/json']?.schema), query: (op.parameters ?? []).filter((p) => p.in === 'query') }];
    });
  const lists = () => reads().filter(({ answer }) => resolve(answer.properties?.['items']).type === 'array');

  it('answers no list as a bare array', () => {
    expect(reads().filter(({ answer }) => answer.type === 'array').map(({ path }) => path)).toEqual([]);
  });

  it('pages every list: limit (at most MAX_PAGE_SIZE) and cursor in, nextCursor out', () => {
    const paged = reads().filter(({ answer }) => answer.properties?.['items'] !== undefined || answer.properties?.['nextCursor'] !== undefined);
    const unpaged = paged.filter(({ answer, query }) => {
      const limit = query.find((p) => p.name === 'limit');
      return answer.properties?.['nextCursor'] === undefined || limit?.schema?.maximum !== MAX_PAGE_SIZE || !query.some((p) => p.name === 'cursor');
    });
    expect(unpaged.map(({ path }) => path)).toEqual([]);
    expect(paged.length).toBeGreaterThan(30);
  });

  it('answers nothing else whole but the parts of one object, each listed here with its reason', () => {
    const whole = reads()
      .filter(({ answer }) => answer.properties?.['id'] === undefined && answer.properties?.['nextCursor'] === undefined)
      .flatMap(({ path, answer }) => Object.entries(answer.properties ?? {}).filter(([, property]) => resolve(property).type === 'array').map(([name]) => `${path} ${name}`));
    expect(whole.sort()).toEqual(Object.entries(WHOLE).flatMap(([path, names]) => names.map((name) => `${path} ${name}`)).sort());
  });

  it("names every filter after a field of the items listed; an older name is marked deprecated and names the field it stands for", () => {
    const misnamed = lists().flatMap(({ path, answer, query }) => {
      const fields = Object.keys(resolve(resolve(answer.properties?.['items']).items).properties ?? {});
      return query
        .filter((p) => !PAGING.includes(p.name) && NOT_FIELDS[path]?.[p.name] === undefined)
        .filter((p) => (p.deprecated ? !fields.includes(replacementOf(p)) : !fields.includes(p.name)))
        .map((p) => `${path} ${p.name}`);
    });
    expect(misnamed).toEqual([]);
  });
});

/** "Deprecated: use assignmentGroup, which it means. …" → assignmentGroup. */
function replacementOf(parameter: Parameter): string {
  return /^Deprecated: use (\w+)/.exec(parameter.description ?? '')?.[1] ?? '(none named)';
}
