import { InProcessApp } from '../../../test/support/in-process-app';
import { ProjectorModule } from './projector.module';

/** Issue 8: the projector serves only /health (and, issue 14, its probes), and whatever else it is sent is a problem+json refusal. */
describe('Projector over HTTP', () => {
  let projector: InProcessApp;

  beforeAll(async () => {
    projector = await InProcessApp.start((config) => ProjectorModule.register(config));
  });
  afterAll(() => projector.stop());

  it.each([
    ['GET', '/nowhere', undefined, 404, 'not_found'],
    ['GET', '/health/%E0%A4%A', undefined, 400, 'request.bad_url'],
    ['GET', `/x/${'a'.repeat(101)}`, undefined, 404, 'not_found'],
    ['POST', '/health', `{"a":${'['.repeat(100)}${']'.repeat(100)}}`, 400, 'request.too_deep'],
  ] as const)('%s %s (body %s): %i problem+json %s', async (method, url, payload, status, code) => {
    const answer = await projector.requestRaw(method, url, payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } });
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it('answers /health with the security headers', async () => {
    const answer = await projector.requestRaw('GET', '/health');
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers the liveness and readiness probes without a token', async () => {
    expect(await projector.requestRaw('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'up' } });
    expect(await projector.requestRaw('GET', '/health/ready')).toMatchObject({ status: 200, body: { status: 'up' } });
  });
});
