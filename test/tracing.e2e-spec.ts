import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { http, Platform } from './support/platform-processes';
import { embeddedStores, productionStores, until, type PlatformStores } from './support/platform-stores';

/**
 * OpenTelemetry across the three apps as real processes, exporting to a collector double (OTLP/HTTP
 * JSON): off by default, with nothing of OpenTelemetry loaded and nothing sent; on by configuration,
 * continuing a caller's W3C traceparent through HTTP, the EventStoreDB client's gRPC and the MongoDB
 * driver, and carrying the trace id into the correlation id of the events a command records.
 */
jest.setTimeout(120_000);

const INCIDENT = { title: 'Printer offline', description: 'Floor 3', caller: 'bob', category: 'hardware', impact: 3, urgency: 3 };
const SERVER = 2;
const CLIENT = 3;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

type History = { items: { type: string; correlationId: string }[] };

async function correlationIdsOf(platform: Platform, token: string, id: string, position: string): Promise<string[]> {
  const history = await http<History>('GET', `${platform.url('query-api')}/incidents/${id}/history?consistentWith=${position}`, { token });
  expect(history.status).toBe(200);
  return history.body.items.map((item) => item.correlationId);
}

describe('Tracing on, on EventStoreDB + MongoDB', () => {
  let receiver: OtlpReceiver;
  let stores: PlatformStores;
  let platform: Platform;
  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stores = await productionStores('itsm_tracing_e2e');
    platform = await Platform.start({
      ...stores.env,
      TRACING_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      // The SDK's own batch delay (5 s by default), shortened so the spans arrive while the spec waits.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      LOG_LEVEL: 'log',
    });
  });
  afterAll(async () => {
    await platform?.stop();
    await stores?.stop();
    await receiver?.stop();
  });

  const spansOnceThere = (holds: (spans: readonly ReceivedSpan[]) => boolean) => until(async () => (holds(receiver.spans) ? receiver.spans : null), 20_000);
  /** True when `span` is `ancestor` or below it, following parents among the spans received. */
  const descendsFrom = (span: ReceivedSpan, ancestor: ReceivedSpan): boolean => {
    for (let at: ReceivedSpan | undefined = span; at !== undefined; at = receiver.spans.find((s) => s.spanId === at?.parentSpanId && s.traceId === at.traceId)) {
      if (at.spanId === ancestor.spanId) return true;
    }
    return false;
  };

  it('continues the caller’s trace through the command, its EventStoreDB calls and the query’s MongoDB reads; the trace id becomes the correlation id', async () => {
    const token = platform.token('ann', 'agent');
    const [trace, callerSpan] = [hex(16), hex(8)];
    const opened = await http<{ id: string; position: string }>('POST', `${platform.url('command-api')}/incidents`, { token, body: INCIDENT, headers: { traceparent: `00-${trace}-${callerSpan}-01` } });
    expect(opened.status).toBe(201);
    const read = await http('GET', `${platform.url('query-api')}/incidents/${opened.body.id}?consistentWith=${opened.body.position}`, { token, headers: { traceparent: `00-${trace}-${hex(8)}-01` } });
    expect(read.status).toBe(200);

    expect(await correlationIdsOf(platform, token, opened.body.id, opened.body.position)).toEqual([trace]);

    const isCommand = (span: ReceivedSpan) => span.service === 'command-api' && span.kind === SERVER && span.traceId === trace;
    const isQuery = (span: ReceivedSpan) => span.service === 'query-api' && span.kind === SERVER && span.traceId === trace && span.name === 'GET /incidents/:id';
    const spans = await spansOnceThere((all) => all.some(isCommand) && all.some(isQuery));

    // One server span per request, a child of the caller's, named by its route.
    const command = spans.filter(isCommand);
    expect(command).toHaveLength(1);
    expect(command[0]).toMatchObject({ name: 'POST /incidents', parentSpanId: callerSpan });
    expect(command[0]?.attributes).toMatchObject({ 'http.route': '/incidents', 'http.request.method': 'POST', 'http.response.status_code': 201 });
    // Our request id is that span, so a log line leads to it; the access line names the trace.
    expect(opened.headers.get('x-request-id')).toBe(`${trace}-${command[0]?.spanId}`);
    const accessLine = platform.output.join('').split('\n').find((line) => line.includes('"msg":"request"') && line.includes(`"reqId":"${trace}-`)) ?? '';
    expect(JSON.parse(accessLine.slice(accessLine.indexOf('{')))).toMatchObject({ app: 'command-api', route: '/incidents', status: 201, traceId: trace, spanId: command[0]?.spanId });

    // The EventStoreDB client's gRPC calls, under the command's span.
    const grpc = spans.filter((span) => span.service === 'command-api' && span.kind === CLIENT && span.attributes['rpc.system'] === 'grpc' && span.traceId === trace);
    expect(grpc.map((span) => span.name)).toContain('grpc.event_store.client.streams.Streams/Read');
    expect(grpc.every((span) => descendsFrom(span, command[0] as ReceivedSpan))).toBe(true);

    // The query's MongoDB commands, under its span.
    const query = spans.find(isQuery) as ReceivedSpan;
    expect(query.attributes).toMatchObject({ 'http.route': '/incidents/:id', 'http.response.status_code': 200 });
    const queryMongo = spans.filter((span) => span.service === 'query-api' && span.attributes['db.system.name'] === 'mongodb' && span.traceId === trace);
    expect(queryMongo.length).toBeGreaterThan(0);
    expect(queryMongo.every((span) => span.kind === CLIENT && descendsFrom(span, query))).toBe(true);
    expect(queryMongo.map((span) => span.name)).toContain('find incident_detail_v8');

    // The projector's background reads of the log begin no trace of their own.
    expect(receiver.spans.filter((span) => span.kind === CLIENT && span.parentSpanId === '')).toEqual([]);
  });

  it('ignores an invalid traceparent (W3C: the trace restarts), never refusing the command; probes and scrapes are not traced', async () => {
    const token = platform.token('ann', 'agent');
    const invalid = `00-${'0'.repeat(32)}-${hex(8)}-01`;
    const opened = await http<{ id: string; position: string }>('POST', `${platform.url('command-api')}/incidents`, { token, body: INCIDENT, headers: { traceparent: invalid } });
    expect(opened.status).toBe(201);
    const requestId = opened.headers.get('x-request-id') as string;
    const [trace, span] = requestId.split('-');
    expect({ trace, span }).toEqual({ trace: expect.stringMatching(/^(?!0{32})[0-9a-f]{32}$/), span: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await correlationIdsOf(platform, token, opened.body.id, opened.body.position)).toEqual([requestId]);
    const spans = await spansOnceThere((all) => all.some((s) => s.spanId === span));
    expect(spans.find((s) => s.spanId === span)).toMatchObject({ traceId: trace, parentSpanId: '', name: 'POST /incidents' });

    expect((await fetch(`${platform.url('projector')}/health/ready`)).status).toBe(200);
    expect((await fetch(`${platform.url('query-api')}/metrics`)).status).toBe(200);
    await spansOnceThere((all) => all.some((s) => s.service === 'query-api' && s.name === 'GET /incidents/:id/history'));
    expect(receiver.spans.filter((s) => s.kind === SERVER && /\/(health|metrics)/.test(s.name))).toEqual([]);
  });
});

describe('Tracing off (the default)', () => {
  let receiver: OtlpReceiver;
  let stores: PlatformStores;
  let platform: Platform;
  let probeDir: string;
  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stores = await embeddedStores();
    probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-module-probe-'));
    const probe = path.join(probeDir, 'probe.js');
    // Loaded before each app's main: reports every module of OpenTelemetry the process has loaded.
    fs.writeFileSync(
      probe,
      // Only on the main thread: NODE_OPTIONS preloads it in the writer threads too (ADR 25), which share the pid.
      `const fs = require('fs');
if (require('worker_threads').isMainThread) setInterval(() => {
  const packages = Object.keys(require.cache).map((file) => file.split('node_modules/').pop().split('/').slice(0, 2).join('/'));
  const loaded = [...new Set(packages.filter((name) => name.startsWith('@opentelemetry/')))];
  fs.writeFileSync(${JSON.stringify(probeDir)} + '/' + process.pid + '.json', JSON.stringify({ main: process.argv[1], loaded, modules: Object.keys(require.cache).length }));
}, 100).unref();`,
    );
    platform = await Platform.start({ ...stores.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, NODE_OPTIONS: `--require ${probe}` });
  });
  afterAll(async () => {
    await platform?.stop();
    await stores?.stop();
    await receiver?.stop();
    fs.rmSync(probeDir, { recursive: true, force: true });
  });

  it('loads nothing of OpenTelemetry and sends nothing; a traceparent still gives the correlation id', async () => {
    const token = platform.token('ann', 'agent');
    const trace = hex(16);
    const opened = await http<{ id: string; position: string }>('POST', `${platform.url('command-api')}/incidents`, { token, body: INCIDENT, headers: { traceparent: `00-${trace}-${hex(8)}-01` } });
    expect(opened.status).toBe(201);
    expect(opened.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(await correlationIdsOf(platform, token, opened.body.id, opened.body.position)).toEqual([trace]);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reports = fs.readdirSync(probeDir).filter((file) => file.endsWith('.json')).map((file) => JSON.parse(fs.readFileSync(path.join(probeDir, file), 'utf8')) as { main: string; loaded: string[]; modules: number });
    // The probe ran in all three apps, after they had loaded their modules.
    expect(reports.map((report) => path.basename(path.dirname(path.dirname(report.main)))).sort()).toEqual(['command-api', 'projector', 'query-api']);
    expect(reports.every((report) => report.modules > 100)).toBe(true);
    // The API alone (a no-op without the SDK) is prom-client's dependency, loaded with the metrics.
    expect(reports.flatMap((report) => report.loaded).filter((name) => name !== '@opentelemetry/api')).toEqual([]);
    expect(receiver.requests).toBe(0);
  });
});
