import net from 'node:net';
import { nextBenchPort, useFirstPort } from './bench-ports';

const listening = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

const freePort = async () => {
  const server = await listening(0);
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('The ports a bench run takes', () => {
  it('hands out the ports from the first one given, one per app', async () => {
    const first = Math.min(await freePort(), 60_000);
    useFirstPort(first);
    const taken = [await nextBenchPort(), await nextBenchPort()];
    expect(taken).toEqual([first, first + 1]);
  });

  it('stops with an error naming a port another process holds, instead of waiting on it', async () => {
    const held = await freePort();
    const other = await listening(held);
    try {
      useFirstPort(held);
      const error = await nextBenchPort().catch((caught: unknown) => caught);
      expect(String(error)).toContain(`Port ${held} is already in use`);
      expect(String(error)).toContain('--port=');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses a first port outside 1024–65515', () => {
    expect(() => useFirstPort(80)).toThrow('--port must be a whole number from 1024 to 65515; got 80');
  });
});
