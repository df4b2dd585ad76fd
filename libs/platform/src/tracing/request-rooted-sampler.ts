import { SpanKind, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-node';

/**
 * Traces begin where work is asked for: at a request received (or a trace continued from a caller).
 * A call to a store made outside any span, as the projector's background reads are (several a
 * second, polling the log and its checkpoints), would otherwise begin a trace of one span each and
 * bury the requests; it is not recorded. Everything else is decided by the configured
 * sampler.
 */
export class RequestRootedSampler implements Sampler {
  constructor(private readonly configured: Sampler) {}

  shouldSample(context: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (kind === SpanKind.CLIENT && trace.getSpanContext(context) === undefined) return { decision: SamplingDecision.NOT_RECORD };
    return this.configured.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `RequestRooted{${this.configured.toString()}}`;
  }
}
