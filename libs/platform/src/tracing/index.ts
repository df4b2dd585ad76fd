// The entry an app's main.ts loads before anything else: it must stay free of the platform's barrel
// (which loads the stores' drivers) and of OpenTelemetry itself.
export { startTracing } from './start-tracing';
