/**
 * What the rest of the platform may ask of tracing, without loading any of OpenTelemetry: the trace
 * and span the code runs in, and naming the request's server span by its route. Until tracing
 * starts (and always when it is off) there is none, and naming does nothing.
 */
export interface TraceIds {
  readonly traceId: string;
  readonly spanId: string;
}

export interface ActiveTrace {
  /** The active span's ids; null outside a span (or in one that is not valid). */
  ids(): TraceIds | null;
  /** Gives the current request's server span its route pattern (`POST /incidents/:id/assign`). */
  nameRoute(route: string): void;
}

const NONE: ActiveTrace = { ids: () => null, nameRoute: () => undefined };
let active: ActiveTrace = NONE;

/** Called once by the SDK's start (otel-sdk.ts). */
export function traceThrough(source: ActiveTrace): void {
  active = source;
}

export function activeTraceIds(): TraceIds | null {
  return active.ids();
}

export function nameServerSpan(route: string): void {
  active.nameRoute(route);
}
