import type { OpenAPIObject } from '@nestjs/swagger';
import { HEALTH_ROUTES } from '../../health/health';
import { rolesFor } from '../../auth/permissions';
import { PROBLEM_CONTENT_TYPE } from '../problem';
import { REQUEST_HEADERS, RESPONSE_HEADERS, RESPONSE_HEADER_OF, type ResponseHeaderName } from './headers';
import { EXTENSIONS } from './operation-docs';
import { anyRouteProblems, authenticatedProblems, faultProblems, cursorProblems, rateLimitedProblems, readProblems } from './platform-problems';
import type { ProblemAnswer } from './problem-answers';
import { composeExample, type SchemaObject } from './schema-examples';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is plain JSON, shaped by the OpenAPI standard rather than by our types. */
type Json = any;

const PROBLEM_SCHEMA = '#/components/schemas/ProblemDto';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * The document as Nest builds it from the decorators, finished with what is true of every route:
 * errors as application/problem+json with the codes each operation can answer (from the error
 * tables, rendered by the problem filter), the headers where they apply, X-Request-Id on every
 * answer, composed examples, tag descriptions, and the server (the app that serves it).
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  const doc: Json = structuredClone(document);
  const schemas: Record<string, Json> = doc.components?.schemas ?? {};
  const tags = new Map<string, string | undefined>();
  const examples = exampleRegistry((doc.components ??= {}).examples ??= {});
  // Each header described once, referred to from every answer that carries it.
  doc.components.headers = { ...(doc.components.headers ?? {}), ...RESPONSE_HEADERS };
  doc.servers = [{ url: '/', description: 'The app that serves this document' }];
  if (schemas['ProblemDto'] !== undefined) {
    // RFC 9457 extension members: details, stream, currentRevision and the like, as the problem needs.
    schemas['ProblemDto'] = { ...schemas['ProblemDto'], additionalProperties: true, description: 'RFC 9457 problem details; `code` is the stable code to branch on. Further members carry the facts of the problem (`details`, `stream`, `currentRevision`…).' };
  }
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS.filter((name) => item[name] !== undefined)) {
      const op = item[method];
      finishOperation(op, path, method, schemas, examples);
      const tag = op[EXTENSIONS.tag] as { name: string; description: string } | undefined;
      for (const name of (op.tags ?? []) as string[]) tags.set(name, tag !== undefined && tag.name === name ? tag.description : tags.get(name));
      for (const key of Object.values(EXTENSIONS)) delete op[key];
    }
  }
  doc.tags = [...tags].sort(([a], [b]) => a.localeCompare(b)).map(([name, description]) => (description === undefined ? { name } : { name, description }));
  return doc;
}

function finishOperation(op: Json, path: string, method: string, schemas: Record<string, SchemaObject>, examples: ExampleRegistry): void {
  const isPublic = op[EXTENSIONS.public] === true;
  if (isPublic) op.security = [];
  op.parameters = [...(op.parameters ?? []), headerParameter('X-Request-Id', 'a3f1c2d4-request')];
  const success = Object.keys(op.responses ?? {}).filter((status) => status.startsWith('2'));
  for (const status of success) {
    const response = op.responses[status];
    withHeaders(response, (op[EXTENSIONS.successHeaders] ?? []) as ResponseHeaderName[]);
    if (op[EXTENSIONS.conditionalGet] === true) withHeaders(response, ['ETag']);
    exampleInto(response.content, schemas);
  }
  exampleInto(op.requestBody?.content, schemas);
  if (op[EXTENSIONS.conditionalGet] === true) {
    op.responses['304'] = { description: 'Not modified: If-None-Match names the current ETag; no body.' };
    withHeaders(op.responses['304'], ['ETag']);
  }
  problemResponses(op, problemsOf(op, path, isPublic), isPublic ? [] : rolesFor(method, path.replace(/\{(\w+)\}/g, ':$1')), examples);
  for (const response of Object.values<Json>(op.responses)) withHeaders(response, ['X-Request-Id']);
}

function problemsOf(op: Json, path: string, isPublic: boolean): ProblemAnswer[] {
  const declared: ProblemAnswer[] = [...(op[EXTENSIONS.problems] ?? []), ...(op[EXTENSIONS.routeProblems] ?? [])];
  const isCommand = op[EXTENSIONS.problems] !== undefined;
  const paged = (op.parameters ?? []).some((parameter: Json) => parameter.in === 'query' && parameter.name === 'cursor');
  return [
    ...anyRouteProblems(path.includes('{')),
    ...faultProblems(),
    ...(HEALTH_ROUTES.includes(path) ? [] : rateLimitedProblems()),
    ...(isPublic ? [] : authenticatedProblems()),
    ...(isPublic || isCommand ? [] : readProblems()),
    ...(paged ? cursorProblems() : []),
    ...declared,
  ];
}

/** One response per status: each code that status can carry, with an example of each, and the headers they send. */
function problemResponses(op: Json, answers: readonly ProblemAnswer[], roles: readonly string[], examples: ExampleRegistry): void {
  const byStatus = new Map<number, ProblemAnswer[]>();
  for (const answer of answers) {
    const same = byStatus.get(answer.status) ?? [];
    if (!same.some((known) => known.code === answer.code)) byStatus.set(answer.status, [...same, answer]);
  }
  for (const [status, codes] of byStatus) {
    const existing = op.responses[String(status)];
    // A status the operation answers with its own JSON (a health report's 503) is not a problem.
    if (existing?.content !== undefined && !isProblem(existing)) continue;
    const said = typeof existing?.description === 'string' && existing.description !== '' && existing.description !== PROBLEM_CONTENT_TYPE ? `${existing.description}\n\n` : '';
    const who = status === 403 ? `Only these roles may do this: ${roles.join(', ')}.\n\n` : '';
    const response: Json = {
      description: `${said}${who}Codes: ${codes.map((answer) => `\`${answer.code}\``).join(', ')} (each with an example).`,
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { allOf: [{ $ref: PROBLEM_SCHEMA }, { type: 'object', properties: { status: { type: 'integer', enum: [status] }, code: { type: 'string', enum: codes.map((answer) => answer.code) } } }] },
          examples: Object.fromEntries(codes.map((answer) => [answer.code, { $ref: examples(answer) }])),
        },
      },
    };
    withHeaders(response, codes.flatMap((answer) => answer.headers.map((name) => RESPONSE_HEADER_OF[name]).filter((name): name is ResponseHeaderName => name !== undefined)));
    op.responses[String(status)] = response;
  }
  // Problems declared by hand with no code catalogued still say their media type.
  for (const [status, response] of Object.entries<Json>(op.responses)) {
    if (Number(status) >= 400 && isProblem(response) && response.content['application/json'] !== undefined) {
      response.content = { [PROBLEM_CONTENT_TYPE]: response.content['application/json'] };
    }
  }
}

const isProblem = (response: Json): boolean =>
  response?.content !== undefined && Object.values<Json>(response.content).some((media) => media.schema?.$ref === PROBLEM_SCHEMA || media.schema?.allOf?.[0]?.$ref === PROBLEM_SCHEMA);

/** Registers a problem's example once in components/examples (by code) and answers its $ref. */
type ExampleRegistry = (answer: ProblemAnswer) => string;

function exampleRegistry(registered: Record<string, Json>): ExampleRegistry {
  return (answer) => {
    const example = { summary: answer.problem.detail, value: exampleProblem(answer) };
    const same = (name: string) => JSON.stringify(registered[name]) === JSON.stringify(example);
    // The same code may show other facts elsewhere (another stream, another detail): each its own name.
    let name = answer.code;
    for (let n = 2; registered[name] !== undefined && !same(name); n++) name = `${answer.code}-${n}`;
    registered[name] = example;
    return `#/components/examples/${name}`;
  };
}

/** The filter's problem without the instance (the URL of the request, which an example has none of). */
function exampleProblem(answer: ProblemAnswer): Json {
  const { instance: _instance, ...problem } = answer.problem;
  return problem;
}

function withHeaders(response: Json, names: readonly ResponseHeaderName[]): void {
  if (names.length === 0) return;
  response.headers = { ...(response.headers ?? {}) };
  for (const name of names) response.headers[name] = { $ref: `#/components/headers/${name}` };
}

function headerParameter(name: keyof typeof REQUEST_HEADERS, example: string): Json {
  return { name, in: 'header', required: false, description: REQUEST_HEADERS[name], schema: { type: 'string', example } };
}

/** JSON content without an example gets one composed from its schema's (see composeExample). */
function exampleInto(content: Json, schemas: Record<string, SchemaObject>): void {
  const json = content?.['application/json'];
  if (json?.schema === undefined || json.example !== undefined || json.examples !== undefined) return;
  const example = composeExample(json.schema, schemas);
  if (example !== undefined) json.example = example;
}
