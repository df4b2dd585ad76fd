/** Every module of OpenTelemetry the SDK's start needs: none may load while tracing is off. */
const OPEN_TELEMETRY = [
  '@opentelemetry/api',
  '@opentelemetry/core',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-grpc',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-mongodb',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/semantic-conventions',
];

describe('Starting tracing, first thing in an app', () => {
  let loaded: string[];
  let started: unknown[][];
  let startTracing: typeof import('./start-tracing').startTracing;
  // From the same registry as startTracing's, so its ConfigError is the one startTracing knows.
  let loadConfig: typeof import('@itsm/config').loadConfig;
  beforeEach(() => {
    jest.resetModules();
    loaded = [];
    started = [];
    for (const name of OPEN_TELEMETRY) {
      jest.doMock(name, () => {
        loaded.push(name);
        return {};
      });
    }
    // The SDK itself is not started in a test runner: its start is recorded, with what it was given.
    jest.doMock('./otel-sdk', () => {
      loaded.push('./otel-sdk');
      return { startOpenTelemetry: (...args: unknown[]) => started.push(args) };
    });
    ({ startTracing } = jest.requireActual<typeof import('./start-tracing')>('./start-tracing'));
    ({ loadConfig } = jest.requireActual<typeof import('@itsm/config')>('@itsm/config'));
  });

  it('off by default: loads nothing of OpenTelemetry', () => {
    expect(startTracing('command-api', () => loadConfig({}))).toBe(false);
    expect(loaded).toEqual([]);
  });

  it('on by configuration: starts the SDK under the app’s name, with the settings', () => {
    expect(startTracing('query-api', () => loadConfig({ TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }))).toBe(true);
    expect(started).toEqual([['query-api', { tracesUrl: 'http://collector:4318/v1/traces', serviceName: null, sampler: 'parentbased_always_on', ratio: 1 }]]);
  });

  it('with an invalid configuration, starts nothing and leaves the refusal to the app’s own start', () => {
    expect(startTracing('projector', () => loadConfig({ TRACING_ENABLED: 'true', OTEL_TRACES_SAMPLER: 'sometimes' }))).toBe(false);
    expect(loaded).toEqual([]);
  });
});
