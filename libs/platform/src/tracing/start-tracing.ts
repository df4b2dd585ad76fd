import { ConfigError, loadConfig, type AppConfig } from '@itsm/config';

/**
 * An app's first statement, before its modules load: OpenTelemetry's instrumentations patch the
 * http, gRPC and MongoDB modules as they are required, so a module loaded earlier is never traced.
 * Off (the default), it loads nothing of OpenTelemetry. An invalid configuration starts nothing
 * here: the app's own start reads it again and stops, naming the variable.
 * Returns whether tracing started.
 */
export function startTracing(appName: string, load: () => AppConfig = loadConfig): boolean {
  let config: AppConfig;
  try {
    config = load();
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
  if (config.tracing === null) return false;
  // Required here, not imported at the top: with tracing off, the SDK must not even be loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startOpenTelemetry } = require('./otel-sdk') as typeof import('./otel-sdk');
  startOpenTelemetry(appName, config.tracing);
  return true;
}
