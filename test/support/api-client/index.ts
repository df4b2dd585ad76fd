import createClient, { type Client } from 'openapi-fetch';
import type { paths as CommandApiPaths } from './command-api';
import type { paths as QueryApiPaths } from './query-api';

/**
 * The apps' HTTP APIs as a frontend generated from their OpenAPI documents sees them (openapi-fetch typed by
 * the types in this folder, which `npm run openapi:client` writes). A path, a parameter, a body field or an
 * answer the documents do not declare is a type error in the test that uses it.
 */
export type CommandApi = Client<CommandApiPaths>;
export type QueryApi = Client<QueryApiPaths>;

const withToken = (baseUrl: string, token?: string) => ({ baseUrl, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

export const commandApi = (baseUrl: string, token?: string): CommandApi => createClient<CommandApiPaths>(withToken(baseUrl, token));
export const queryApi = (baseUrl: string, token?: string): QueryApi => createClient<QueryApiPaths>(withToken(baseUrl, token));

interface FetchResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * The answer's body, once its status is the one expected; otherwise the test fails showing the status and
 * the problem the app answered (the assertion names `what`, e.g. the route).
 */
export async function answered<T>(call: Promise<FetchResult<T>>, status: number, what = ''): Promise<T> {
  const { data, error, response } = await call;
  expect({ what, status: response.status, problem: response.ok ? undefined : error }).toEqual({ what, status, problem: undefined });
  return data as T;
}

/** The problem an app refused with, once the status is the one expected. */
export async function refused(call: Promise<FetchResult<unknown>>, status: number): Promise<{ code?: string; [field: string]: unknown }> {
  const { error, response } = await call;
  expect(response.status).toBe(status);
  return error as { code?: string };
}
