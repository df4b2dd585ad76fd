import { z } from 'zod';

/** The samplers OpenTelemetry's OTEL_TRACES_SAMPLER names (the SDK's own set, no extensions). */
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type TraceSamplerName = (typeof SAMPLERS)[number];
const RATIO_SAMPLERS: readonly TraceSamplerName[] = ['traceidratio', 'parentbased_traceidratio'];

/**
 * OpenTelemetry tracing: off unless TRACING_ENABLED, so nothing of the SDK is even loaded by
 * default. The rest are OpenTelemetry's own variable names with their standard meaning, validated
 * here like every other setting (the SDK would silently fall back on a bad value).
 */
export const TRACING_VARIABLES = {
  TRACING_ENABLED: z.stringbool().default(false),
  /** The collector's OTLP/HTTP base URL; spans go to <endpoint>/v1/traces, as the OTLP specification has it. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .default('http://localhost:4318')
    .refine(isHttpUrl, 'must be an http:// or https:// URL, e.g. http://localhost:4318'),
  /** service.name of the spans; by default the app's own (command-api, query-api, projector). */
  OTEL_SERVICE_NAME: z.string().regex(/^[\x21-\x7e][\x20-\x7e]{0,99}$/, 'must be 1 to 100 printable ASCII characters').optional(),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS, { error: `must be one of ${SAMPLERS.join(', ')}` }).default('parentbased_always_on'),
  /** The ratio of the two ratio samplers, from 0 to 1 (1 when not given). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0, 'must be a ratio from 0 to 1').max(1, 'must be a ratio from 0 to 1').optional(),
};

type TracingEnv = z.infer<z.ZodObject<typeof TRACING_VARIABLES>>;

export interface TracingConfig {
  /** Where the OTLP/HTTP exporter posts its JSON. */
  readonly tracesUrl: string;
  /** null: the app's own name. */
  readonly serviceName: string | null;
  readonly sampler: TraceSamplerName;
  /** The ratio of a ratio sampler; 1 otherwise. */
  readonly ratio: number;
}

/** null: tracing is off. */
export function tracingConfigOf(e: TracingEnv): TracingConfig | null {
  if (!e.TRACING_ENABLED) return null;
  return { tracesUrl: tracesUrlOf(e.OTEL_EXPORTER_OTLP_ENDPOINT), serviceName: e.OTEL_SERVICE_NAME ?? null, sampler: e.OTEL_TRACES_SAMPLER, ratio: e.OTEL_TRACES_SAMPLER_ARG ?? 1 };
}

/** A ratio given to a sampler that takes none is a mistake to name, not to ignore. */
export function requireRatioSampler(e: TracingEnv, context: z.RefinementCtx): void {
  if (e.OTEL_TRACES_SAMPLER_ARG !== undefined && !RATIO_SAMPLERS.includes(e.OTEL_TRACES_SAMPLER)) {
    context.addIssue({ code: 'custom', path: ['OTEL_TRACES_SAMPLER_ARG'], message: `is used only with OTEL_TRACES_SAMPLER=${RATIO_SAMPLERS.join(' or ')}` });
  }
}

/** The base URL with the signal's path appended, one slash between (OTLP exporter specification). */
function tracesUrlOf(endpoint: string): string {
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString();
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
