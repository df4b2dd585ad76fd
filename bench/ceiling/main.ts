// As the apps do: tracing first (off unless TRACING_ENABLED), so the stack is theirs.
import { startTracing } from '@itsm/platform/tracing';
startTracing('ceiling');

import 'reflect-metadata';
import { runHttpApp } from '@itsm/platform';
import { CeilingModule } from './ceiling.module';

// Listens where the command API would (COMMAND_API_PORT): the bench gives it a port of its own.
runHttpApp((config) => CeilingModule.register(config), {
  name: 'ceiling',
  title: 'No-op ceiling (bench only)',
  description: 'POST /incidents and GET /queues/:group on the apps\' stack, answering without a store.',
  port: (config) => config.ports.commandApi,
});
