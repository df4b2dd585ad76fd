import { Logger } from '@nestjs/common';
import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { FIXED_NOW, InProcessApp, type InjectAnswer } from '../../../test/support/in-process-app';
import { CommandApiModule } from './command-api.module';

const incident = { title: 'Mail delayed', description: 'Finance gets mail late', caller: 'bob', category: 'email', impact: 2, urgency: 2 };
const ci = (name: string, attributes: object = {}) => ({ name, ciClass: 'server', attributes, ownerGroup: 'infra', criticality: 2 });
const WINDOW = { start: '2026-03-02T21:00:00Z', end: '2026-03-02T23:00:00Z' };
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * Issue 8: what an attacker sent the command API. Every answer is a 4xx problem+json with a stable
 * code (and errors[] naming the field), nothing is appended, and nothing is logged as a crash.
 */
describe('Command API refuses hostile input', () => {
  let api: InProcessApp;
  let events: EventStore;
  let agent: string;
  let crashes: jest.SpyInstance;
  let authorizedChange: string;
  let blackout: string;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), { CONSISTENCY_TIMEOUT_MS: '20' });
    events = await openEventStore(api.config);
    agent = api.token('alice', 'agent', 'change-manager');
    const server = await api.request('POST', '/cis', { token: agent, body: ci('mail-01') });
    // A standard change is authorized at once, so it may be scheduled.
    const standard = { changeType: 'standard', templateId: 'os-security-patch', title: 'Patch', justification: 'CVE', window: WINDOW, affectedCiIds: [server.body.id] };
    authorizedChange = (await api.request('POST', '/changes', { token: agent, body: standard })).body.id;
    expect(authorizedChange).toBeDefined();
    blackout = (await api.request('POST', '/blackout-windows', { token: agent, body: { name: 'Freeze', window: WINDOW, scope: { kind: 'all' }, reason: 'r' } })).body.id;
    expect(blackout).toBeDefined();
    crashes = jest.spyOn(Logger.prototype, 'error');
  });
  beforeEach(() => crashes.mockClear());
  afterAll(async () => {
    crashes.mockRestore();
    await events.close();
    await api.stop();
  });

  const post = (url: string, payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    api.requestRaw('POST', url, { token: agent, payload, headers });
  /** Runs a refused request and proves it changed nothing and crashed nothing. */
  const refused = async (send: () => Promise<InjectAnswer>, status: number, code: string): Promise<InjectAnswer> => {
    const before = await events.headPosition();
    const answer = await send();
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(await events.headPosition()).toBe(before);
    expect(crashes).not.toHaveBeenCalled();
    return answer;
  };
  /** The fields named, each once (a field may break several rules). */
  const fields = (answer: InjectAnswer): string[] => [...new Set<string>((answer.body.errors ?? []).map((e: { field: string }) => e.field))];

  describe('JSON nested too deep', () => {
    it.each(['/incidents', '/cis', '/changes', `/incidents/00000000-0000-4000-8000-000000000001/work-notes`])('400 request.too_deep on POST %s', async (url) => {
      const answer = await refused(() => post(url, `{"title":${nested(5000)}}`), 400, 'request.too_deep');
      expect(fields(answer)).toEqual(['body']);
    });

    it('accepts nesting a real request needs', async () => {
      expect((await post('/incidents', JSON.stringify(incident))).status).toBe(201);
    });
  });

  describe('change windows', () => {
    it.each([
      ['no body', undefined],
      ['an empty object', '{}'],
      ['a null window', '{"window":null}'],
    ])('400 naming window when scheduling with %s', async (_, payload) => {
      const send = () => api.requestRaw('POST', `/changes/${authorizedChange}/schedule`, { token: agent, ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }) });
      expect(fields(await refused(send, 400, 'request.invalid'))).toContain('window');
    });

    it.each(['window', 'affectedCiIds', 'title', 'implementationPlan'])('400 naming %s when an update sends it as null (absent leaves it as it is)', async (field) => {
      expect(fields(await refused(() => post(`/changes/${authorizedChange}/update`, `{"${field}":null}`), 400, 'request.invalid'))).toEqual([field]);
    });

    it.each(['window', 'scope', 'name', 'reason'])('400 naming %s when a blackout change sends it as null', async (field) => {
      expect(fields(await refused(() => post(`/blackout-windows/${blackout}/change`, `{"${field}":null}`), 400, 'request.invalid'))).toEqual([field]);
    });

    it.each(['2026-W10', '2026-W10-1', '2026-061', '2026-03-02', '2026-02-30T10:00:00Z', '2026-03-02T21:00:00'])('400 for the window instant %s', async (start) => {
      const window = { start, end: '2026-03-02T23:00:00Z' };
      const scheduled = await refused(() => post(`/changes/${authorizedChange}/schedule`, JSON.stringify({ window })), 400, 'request.invalid');
      expect(fields(scheduled)).toEqual(['window.start']);
      const raised = await refused(() => post('/changes', JSON.stringify({ changeType: 'normal', title: 't', justification: 'j', implementationPlan: 'p', backoutPlan: 'b', testPlan: 't', window, affectedCiIds: [] })), 400, 'request.invalid');
      expect(fields(raised)).toEqual(['window.start']);
    });
  });

  describe('text that is not well-formed Unicode, or has control characters where one line is expected', () => {
    it('refuses lone surrogates, which would make two CI names one stream', async () => {
      for (const name of ['web\\ud800', 'web\\ud801', 'web\\udc00x']) {
        expect(fields(await refused(() => post('/cis', `{"name":"${name}","ciClass":"server","attributes":{},"ownerGroup":"infra","criticality":2}`), 400, 'request.invalid'))).toEqual(['name']);
      }
    });

    it('refuses them anywhere in the body: nested, in a list, in a key', async () => {
      expect(fields(await refused(() => post('/cis', JSON.stringify(ci('db-01', { os: 'x' })).replace('"x"', '"\\udfff"')), 400, 'request.invalid'))).toEqual(['attributes.os']);
      expect(fields(await refused(() => post('/changes', `{"affectedCiIds":["a","\\ud83d"]}`), 400, 'request.invalid'))).toEqual(['affectedCiIds.1']);
    });

    it.each([
      ['/incidents', { ...incident, title: 'Mail\ndelayed' }, 'title'],
      ['/incidents', { ...incident, caller: 'bob\u0000' }, 'caller'],
      ['/incidents', { ...incident, category: 'e\u001bmail' }, 'category'],
      ['/incidents', { ...incident, assignmentGroup: 'desk\u2028' }, 'assignmentGroup'],
      ['/incidents', { ...incident, description: 'nul \u0000 here' }, 'description'],
      ['/cis', ci('web\t02'), 'name'],
      ['/cis', { ...ci('web-03'), ownerGroup: 'infra\r' }, 'ownerGroup'],
      ['/cis', ci('web-04', { 'os\nname': 'linux' }), 'attributes'],
      ['/cis', ci('web-05', { os: 'linux\u0000' }), 'attributes'],
      ['/blackout-windows', { name: 'Freeze\u0085', window: WINDOW, scope: { kind: 'all' }, reason: 'r' }, 'name'],
    ])('400 for a control character in POST %s %j', async (url, body, field) => {
      expect(fields(await refused(() => post(url, JSON.stringify(body)), 400, 'request.invalid'))).toEqual([field]);
    });

    it('keeps line breaks and tabs in prose', async () => {
      const answer = await post('/incidents', JSON.stringify({ ...incident, description: 'Steps:\n\t1. open mail\r\n\t2. wait' }));
      expect(answer.status).toBe(201);
    });
  });

  describe('CI attribute keys that name what every JavaScript object has', () => {
    it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'prototype'])('refuses %s instead of dropping it', async (key) => {
      const body = `{"name":"app-${key}","ciClass":"server","attributes":{"${key}":"x","os":"linux"},"ownerGroup":"infra","criticality":2}`;
      const answer = await refused(() => post('/cis', body), 400, 'request.invalid');
      expect(answer.body.errors).toEqual([{ field: `attributes.${key}`, reason: expect.stringContaining(key) }]);
    });

    it('refuses them when setting or unsetting attributes, and anywhere else in a body', async () => {
      const id = (await api.request('POST', '/cis', { token: agent, body: ci('app-02', { os: 'linux' }) })).body.id;
      expect(fields(await refused(() => post(`/cis/${id}/attributes`, '{"set":{"constructor":"x"}}'), 400, 'request.invalid'))).toEqual(['set.constructor']);
      expect(fields(await refused(() => post(`/cis/${id}/attributes`, '{"unset":["toString"]}'), 400, 'request.invalid'))).toEqual(['unset']);
      expect(fields(await refused(() => post('/incidents', JSON.stringify({ ...incident, constructor: { prototype: 1 } })), 400, 'request.invalid'))).toEqual(['constructor']);
    });
  });

  describe("Fastify's own refusals", () => {
    it('414 problem+json for a path parameter over 100 characters', async () => {
      const answer = await refused(() => post(`/incidents/${'a'.repeat(101)}/assign`, '{}'), 414, 'request.param_too_long');
      expect(fields(answer)).toEqual(['path']);
    });

    it.each(['/incidents/%E0%A4%A/assign', '/incidents/%ED%A0%80/assign'])('400 problem+json for the bad %%-encoding %s', async (url) => {
      expect(fields(await refused(() => post(url, '{}'), 400, 'request.bad_url'))).toEqual(['path']);
    });

    it('413 problem+json for a body over the limit', async () => {
      await refused(() => post('/incidents', JSON.stringify({ ...incident, description: 'x'.repeat(300 * 1024) })), 413, 'request.too_large');
    });

    it('415 problem+json for a body that is not JSON', async () => {
      await refused(() => post('/incidents', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'request.unsupported_media_type');
    });

    it('400 problem+json for malformed JSON and for an empty JSON body', async () => {
      await refused(() => post('/incidents', '{"title":'), 400, 'request.malformed');
      await refused(() => post('/incidents', ''), 400, 'request.malformed');
    });
  });
});
