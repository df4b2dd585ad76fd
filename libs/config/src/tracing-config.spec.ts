import { loadConfig } from './app-config';
import { problemsOf } from './testing/problems-of';

describe('tracing configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ TRACING_ENABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toBeNull();
  });

  it('on, exports to <endpoint>/v1/traces with the parent-based sampler, under the app’s own name', () => {
    expect(loadConfig({ TRACING_ENABLED: 'true' }).tracing).toEqual({ tracesUrl: 'http://localhost:4318/v1/traces', serviceName: null, sampler: 'parentbased_always_on', ratio: 1 });
    expect(loadConfig({ TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/base/' }).tracing?.tracesUrl).toBe('https://otel.example.com/base/v1/traces');
    expect(loadConfig({ TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/base' }).tracing?.tracesUrl).toBe('https://otel.example.com/base/v1/traces');
  });

  it('takes OpenTelemetry’s own names for the service and the sampler', () => {
    const tracing = loadConfig({ TRACING_ENABLED: '1', OTEL_SERVICE_NAME: 'itsm-commands', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).tracing;
    expect(tracing).toMatchObject({ serviceName: 'itsm-commands', sampler: 'parentbased_traceidratio', ratio: 0.25 });
  });

  it.each([
    ['TRACING_ENABLED', { TRACING_ENABLED: 'maybe' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }],
    ['OTEL_SERVICE_NAME', { OTEL_SERVICE_NAME: '' }],
    ['OTEL_TRACES_SAMPLER', { OTEL_TRACES_SAMPLER: 'sometimes' }],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER_ARG: '0.5' }],
  ])('refuses a bad %s, naming it (even while tracing is off)', (variable, env) => {
    expect(problemsOf(env).map((problem) => problem.field)).toEqual([variable]);
  });
});
