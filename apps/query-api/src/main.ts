// First, before the modules it traces load: OpenTelemetry patches http, gRPC and MongoDB as they are required.
import { startTracing } from '@itsm/platform/tracing';
startTracing('query-api');

import 'reflect-metadata';
import { runHttpApp } from '@itsm/platform';
import { QueryApiModule } from './query-api.module';

runHttpApp((config) => QueryApiModule.register(config), {
  name: 'query-api',
  title: 'ITSM query API',
  description: 'Read models of the event log: incidents and work queues. Pass consistentWith=<position> to read your own writes.',
  port: (config) => config.ports.queryApi,
});
