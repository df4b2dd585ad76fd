import net from 'node:net';
import { InProcessApp } from '../../../test/support/in-process-app';
import { CommandApiModule } from '../../command-api/src/command-api.module';

/**
 * What only a real socket shows (Fastify's inject never goes through Node's HTTP parser): requests
 * the parser refuses are problem+json too, a body that never finishes is cut off, and such a
 * request does not hold up a clean shutdown.
 */
describe('HTTP at the socket', () => {
  let api: InProcessApp;
  let port: number;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => CommandApiModule.register(config), { HTTP_REQUEST_TIMEOUT_MS: '1000' });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(() => api.stop());

  /** Writes raw bytes; answers everything the server sent until it closed the connection. */
  function raw(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }
  const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code: string; status: number };

  it.each([
    ['an unknown method', 'FOO /incidents HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'request.malformed'],
    ['raw non-ASCII in the path', 'GET /queues/\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'request.malformed'],
    ['Content-Length beside Transfer-Encoding', 'POST /incidents HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}', 400, 'request.malformed'],
    ['headers too large', `GET /incidents HTTP/1.1\r\nHost: x\r\nX-Junk: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'request.headers_too_large'],
  ])('answers %s with problem+json and the security headers', async (_, bytes, status, code) => {
    const answer = await raw(bytes);
    expect(statusOf(answer)).toBe(status);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/x-content-type-options: nosniff/i);
    expect(problemOf(answer)).toMatchObject({ status, code });
  });

  it('cuts off a body that never finishes with 408, instead of holding the connection forever', async () => {
    const answer = await raw('POST /incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}');
    expect(statusOf(answer)).toBe(408);
    expect(problemOf(answer)).toMatchObject({ code: 'request.timeout' });
  });

  it('refuses a body that is not well-formed UTF-8, rather than store U+FFFD in its place', async () => {
    const bytes = Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const answer = await api.app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/incidents', headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token('ann', 'agent')}` }, payload: bytes });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ code: 'request.invalid_utf8', errors: [{ field: 'body' }] });
  });
});

describe('Shutting down with a request still arriving', () => {
  it('closes at once: the stalled connection does not hold it up', async () => {
    const api = await InProcessApp.start((config) => CommandApiModule.register(config), { HTTP_REQUEST_TIMEOUT_MS: '600000' });
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as net.AddressInfo;
    const socket = net.connect(port, '127.0.0.1', () => socket.write('POST /incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}'));
    socket.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Jest's 5 s bound is the assertion: without forced closing this waits for the stalled request.
    await api.stop();
    socket.destroy();
  });
});
