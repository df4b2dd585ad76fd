// First, before the modules it traces load: OpenTelemetry patches http, gRPC and MongoDB as they are required.
import { startTracing } from '@itsm/platform/tracing';
startTracing('command-api');

import 'reflect-metadata';
import { runHttpApp } from '@itsm/platform';
import { CommandApiModule } from './command-api.module';

runHttpApp((config) => CommandApiModule.register(config), {
  name: 'command-api',
  title: 'ITSM command API',
  description:
    'Commands on incidents. Each answers with the stream revision (send it back as If-Match) and the log position (pass it to the query API as consistentWith).',
  port: (config) => config.ports.commandApi,
});
