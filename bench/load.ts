import autocannon from 'autocannon';

export const CONNECTIONS = 32;

/** Autocannon at 32 connections on one request (its setupRequest may vary it), with a bearer token: for `seconds`, or `{ amount }` requests. */
export function cannon(url: string, token: string, length: number | { readonly amount: number }, request: autocannon.Request): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    ...(typeof length === 'number' ? { duration: length } : { amount: length.amount }),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [request],
  });
}

/** Answers that were not 2xx, errors and timeouts: a round with any is not a measurement of the route. */
export const failuresOf = (result: Pick<autocannon.Result, 'non2xx' | 'errors' | 'timeouts'>) => result.non2xx + result.errors + result.timeouts;
