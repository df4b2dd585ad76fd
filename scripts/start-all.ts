import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { loadConfig, resolveJwtSecret } from '@itsm/config';

/**
 * `npm start`: the three processes of the platform on one machine, as separate processes (as in
 * production), each line of output prefixed with its name. If one dies, all stop.
 */
const APPS = ['command-api', 'query-api', 'projector'] as const;

function launch(name: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'apps', name, 'src', 'main.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  return child;
}

function main(): void {
  const config = loadConfig();
  resolveJwtSecret(config); // create it once here, before three processes race for it
  const children = APPS.map((name) => ({ name, child: launch(name) }));
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    children.forEach(({ child }) => child.kill('SIGTERM'));
    setTimeout(() => process.exit(code), 3000).unref();
  };
  children.forEach(({ name, child }) =>
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`[${name}] exited (${signal ?? code}); stopping the others`);
      stopAll(code ?? 1);
      if (children.every(({ child: c }) => c.exitCode !== null || c.signalCode !== null)) process.exit(code ?? 0);
    }),
  );
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  console.log(
    `command API http://${config.host}:${config.ports.commandApi}/docs · query API http://${config.host}:${config.ports.queryApi}/docs · data in ${config.dataDir}`,
  );
}

main();
