import net from 'node:net';

/** The first port the bench listens on, unless `--port=<n>` says otherwise; each app started takes the next (useFirstPort starts over). */
export const DEFAULT_FIRST_PORT = 3900;
/** Ports a run may take before it wraps round: a scenario stops its apps before the next one starts. */
const PORTS_PER_RUN = 20;

let first = DEFAULT_FIRST_PORT;
let taken = 0;

export function useFirstPort(port: number): void {
  if (!Number.isInteger(port) || port < 1024 || port > 65535 - PORTS_PER_RUN) throw new Error(`--port must be a whole number from 1024 to ${65535 - PORTS_PER_RUN}; got ${port}`);
  first = port;
  taken = 0;
}

/** The next port of this run's range, checked free: one taken (another bench, another app) is a clear error, not a hang. */
export async function nextBenchPort(): Promise<number> {
  const port = first + (taken++ % PORTS_PER_RUN);
  await requireFree(port);
  return port;
}

async function requireFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE'
        ? `Port ${port} is already in use (the bench takes ${first}–${first + PORTS_PER_RUN - 1}); pass --port=<another first port>`
        : `Port ${port} cannot be listened on: ${error.message}`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
