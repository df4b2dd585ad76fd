import { ProblemException } from '@itsm/platform';
import { auditRepresentation } from './audit-representation';

const mediaTypeFor = (accept: string | undefined, format?: 'csv' | 'jsonl') => auditRepresentation(format, accept).mediaType;

describe('what GET /audit/events answers with', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['text/csv', 'text/csv'],
    ['TEXT/CSV; charset=utf-8', 'text/csv'],
    ['text/*', 'text/csv'],
    ['application/x-ndjson', 'application/x-ndjson'],
    ['application/jsonl', 'application/jsonl'],
    ['application/*', 'application/json'],
    ['text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8', 'application/json'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/csv;q=0.2, application/x-ndjson;q=0.9', 'application/x-ndjson'],
    ['text/csv, */*;q=0', 'text/csv'],
    ['*/*, application/json;q=0', 'text/csv'],
    ['application/jsonl, application/x-ndjson', 'application/x-ndjson'],
    ['*', 'application/json'],
  ])('Accept %j: %s', (accept, mediaType) => {
    expect(mediaTypeFor(accept)).toBe(mediaType);
  });

  it('takes ?format over Accept: a link or a browser cannot choose its Accept header', () => {
    expect(mediaTypeFor('application/json', 'csv')).toBe('text/csv');
    expect(mediaTypeFor('application/xml', 'jsonl')).toBe('application/x-ndjson');
  });

  it.each([['application/xml'], ['text/html, image/*'], ['application/json;q=0, text/*;q=0'], ['text/csv;q=abc'], ['application/problem+json']])(
    'refuses Accept %j with 406 naming the header',
    (accept) => {
      const refusal = (() => {
        try {
          return auditRepresentation(undefined, accept);
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(ProblemException);
      expect(refusal).toMatchObject({ status: 406, code: 'request.not_acceptable', errors: [{ field: 'Accept' }] });
    },
  );
});
