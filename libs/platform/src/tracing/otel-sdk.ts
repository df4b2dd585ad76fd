import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from '@itsm/config';
import { traceThrough } from './active-trace';
import { RequestRootedSampler } from './request-rooted-sampler';

/**
 * Probes and scrapes come every few seconds from machines: traced, they would bury the requests
 * people make. (The same paths as the platform's HEALTH_ROUTES and /metrics, not imported: this
 * module loads before the platform does.)
 */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * The SDK, loaded only when tracing is on (start-tracing.ts): spans of incoming and outgoing HTTP,
 * of the EventStoreDB client's gRPC calls and of the MongoDB driver's commands made within a trace,
 * batched and posted as OTLP/HTTP JSON. A `traceparent` received is continued (W3C Trace Context, the SDK's default
 * propagator): an invalid one is ignored and a new trace begins, as the specification asks.
 */
export function startOpenTelemetry(appName: string, config: TracingConfig): void {
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName ?? appName })),
    sampler: new RequestRootedSampler(samplerOf(config)),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? '') }),
      new GrpcInstrumentation(),
      new MongoDBInstrumentation(),
    ],
  });
  traceThrough({
    ids: () => {
      const span = trace.getActiveSpan()?.spanContext();
      return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : null;
    },
    nameRoute: (route) => {
      // instrumentation-http names the server span `METHOD route` and sets http.route from this, once answered.
      const metadata = getRPCMetadata(context.active());
      if (metadata?.type === RPCType.HTTP) metadata.route = route;
    },
  });
  flushOnStop(provider);
}

function samplerOf({ sampler, ratio }: TracingConfig): Sampler {
  switch (sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default: {
      const never: never = sampler;
      throw new Error(`Unknown sampler ${String(never)}`);
    }
  }
}

/**
 * Spans still in the batch are posted when the app is told to stop, while it closes. Nest's own
 * listener stops the process once the app is closed; should this one be alone (a stop during the
 * start), it stops the process itself once the spans are out, so the signal is never swallowed.
 */
function flushOnStop(provider: NodeTracerProvider): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const flushed = provider.forceFlush().catch(() => undefined);
      if (process.listenerCount(signal) === 0) void flushed.then(() => process.kill(process.pid, signal));
    });
  }
}
