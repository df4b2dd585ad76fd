import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, SamplingDecision } from '@opentelemetry/sdk-trace-node';
import { RequestRootedSampler } from './request-rooted-sampler';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const withinRequest = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });
const decide = (sampler: RequestRootedSampler, context: typeof ROOT_CONTEXT, kind: SpanKind) => sampler.shouldSample(context, TRACE, 'span', kind, {}, []).decision;

describe('Traces begin where work is asked for', () => {
  const sampler = new RequestRootedSampler(new AlwaysOnSampler());

  it('records a request received, with or without a caller’s trace', () => {
    expect(decide(sampler, ROOT_CONTEXT, SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, withinRequest, SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('records a store call made within a trace', () => {
    expect(decide(sampler, withinRequest, SpanKind.CLIENT)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('does not let a store call outside any span (a background poll) begin a trace', () => {
    expect(decide(sampler, ROOT_CONTEXT, SpanKind.CLIENT)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('leaves the rest to the configured sampler', () => {
    expect(decide(new RequestRootedSampler(new AlwaysOffSampler()), ROOT_CONTEXT, SpanKind.SERVER)).toBe(SamplingDecision.NOT_RECORD);
  });
});
