import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { loadConfig, resolveJwtSecret } from '@itsm/config';

/**
 * `npm start`: the three processes of the platform on one machine, as separate processes (as in
 * production), each line of output prefixed with its name. Each app prints `ready on <url> (pid N)`
 * once it listens (runHttpApp).
 *
 * - SIGTERM, SIGINT (Ctrl-C) or SIGHUP: SIGTERM to every app, wait for them to close, exit 0. An app
 *   still running after STOP_GRACE_MS is killed and the exit code is 1.
 * - An app that exits on its own (a crash, SIGKILL, or a failed start: port in use, missing native
 *   binding, store unreachable): the others are stopped the same way and start-all exits non-zero
 *   (the app's own code, or 1). No restart here: one machine's supervisor (systemd `Restart=`,
 *   Docker's restart policy) restarts the whole, and a crash loop stays visible. Every process is
 *   crash-safe (README, "What is guaranteed after a crash"), so a restart loses nothing.
 * - start-all itself killed, even with SIGKILL: each app holds an IPC channel to it and stops when
 *   that channel closes (runHttpApp). start-all in turn stops everything when its own parent (npm)
 *   goes away without a signal reaching it.
 */
const APPS = ['command-api', 'query-api', 'projector'] as const;
const STOP_GRACE_MS = 10_000;
const CLEAN_STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  closed: boolean;
}

function launch(name: string): ChildProcess {
  const main = path.join(__dirname, '..', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, [main], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', (line) => console.log(`[${name}] ${line}`));
  if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
  return child;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

function main(): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    resolveJwtSecret(config); // create it once here, before three processes race for it
  } catch (error) {
    console.error(`[start-all] not started: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }

  console.log(`[start-all] starting ${APPS.join(', ')} (pid ${process.pid}); data in ${config.dataDir}; Ctrl-C stops them all`);
  const apps: Running[] = APPS.map((name) => ({ name, child: launch(name), closed: false }));
  let stopping = false;
  let exitCode = 0;

  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    for (const app of apps) if (!app.closed) app.child.kill('SIGTERM');
    setTimeout(() => {
      for (const app of apps) {
        if (app.closed) continue;
        console.error(`[start-all] ${app.name} did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
        app.child.kill('SIGKILL');
        exitCode = exitCode || 1;
      }
    }, STOP_GRACE_MS).unref();
  };

  for (const app of apps) {
    // 'close', not 'exit': the app's last lines of output are printed before we move on.
    app.child.on('close', (code, signal) => {
      app.closed = true;
      if (!stopping) {
        console.error(`[start-all] ${app.name} ${describeExit(code, signal)}; stopping the others`);
        exitCode = code ? code : 1;
        stopAll();
      } else if (code !== 0 && !(signal && CLEAN_STOP_SIGNALS.includes(signal))) {
        console.error(`[start-all] ${app.name} ${describeExit(code, signal)} while stopping`);
        exitCode = exitCode || 1;
      }
      if (apps.every((other) => other.closed)) process.exit(exitCode);
    });
    app.child.on('error', (error) => {
      // spawn itself failed (no 'close' follows when the process never started)
      console.error(`[start-all] ${app.name} could not be started: ${error.message}`);
      if (app.child.pid === undefined) app.closed = true;
      exitCode = exitCode || 1;
      stopAll();
      if (apps.every((other) => other.closed)) process.exit(exitCode);
    });
  }

  for (const signal of CLEAN_STOP_SIGNALS) {
    process.on(signal, () => {
      if (!stopping) console.log(`[start-all] ${signal}: stopping ${APPS.join(', ')}`);
      stopAll();
    });
  }

  // npm killed with SIGKILL forwards nothing: we notice that we were given away to another parent.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid === parent || stopping) return;
    console.error(`[start-all] parent process ${parent} is gone; stopping ${APPS.join(', ')}`);
    exitCode = 1;
    stopAll();
  }, 1000).unref();
}

main();
