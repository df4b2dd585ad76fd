// First, before the modules it traces load: OpenTelemetry patches http, gRPC and MongoDB as they are required.
import { startTracing } from '@itsm/platform/tracing';
startTracing('projector');

import 'reflect-metadata';
import { runHttpApp } from '@itsm/platform';
import { ProjectorModule } from './projector.module';

runHttpApp((config) => ProjectorModule.register(config), {
  name: 'projector',
  title: 'ITSM projector',
  description: 'Builds the read models from the event log. Serves only its health.',
  port: (config) => config.ports.projector,
});
