import { Server, ServerCredentials, status, type handleUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { serveAppend, serveBatchAppend } from './append';
import { EventLog, type LogRecord } from './event-log';
import { serveRead, unimplemented, type ReadCall } from './read';
import type { EndOfCatchUp } from './end-of-catch-up';
import { Subscriptions } from './subscription';

/**
 * An in-process EventStoreDB for tests, speaking gRPC with the client's own generated service
 * definitions: ServerFeatures, Streams.Append, Streams.BatchAppend, Streams.Read (streams, $all,
 * subscriptions to $all). It encodes our reading of the protocol and of the server's behaviour
 * (see each file's assumptions); a real server is the authority (set EVENTSTORE_URL to test one).
 * Insecure (tls=false), single node, no authentication, no stream deletion, no persistent subscriptions.
 */
export interface EsdbDoubleOptions {
  /** Advertise Streams.BatchAppend, which the client then uses for every append. Default true, as servers since 21.10. */
  readonly batchAppend?: boolean;
  /**
   * Whose subscription behaviour to follow (see subscription.ts): '23.10' (the default, as
   * docker-compose runs); '24.10', which also checkpoints when catch-up ends (as 24.10.5 and later,
   * and 25.0); '24.10.4', which stands for 24.2.0 to 24.10.4: the same, with server bug KDB-710.
   */
  readonly version?: EsdbDoubleVersion;
}

export type EsdbDoubleVersion = '23.10' | '24.10' | '24.10.4';

/** How each version ends a catch-up, and the version it reports through ServerFeatures. */
const VERSIONS: Readonly<Record<EsdbDoubleVersion, { readonly endOfCatchUp: EndOfCatchUp; readonly reported: string }>> = {
  '23.10': { endOfCatchUp: 'caught-up-only', reported: '23.10.0' },
  '24.10': { endOfCatchUp: 'checkpoint', reported: '24.10.5' },
  '24.10.4': { endOfCatchUp: 'checkpoint-kdb-710', reported: '24.10.4' },
};

export interface EsdbDouble {
  /** `esdb://127.0.0.1:PORT?tls=false` */
  readonly connectionString: string;
  /** Subscriptions to $all currently open. */
  readonly openSubscriptions: number;
  /** Where each subscription since the last reset asked to start: 'start', or the commit position it follows. */
  readonly subscriptionStarts: readonly (bigint | 'start')[];
  /** Events written to subscribers since the last reset (a slow consumer holds the server back). */
  readonly subscriptionEventsSent: number;
  /** Forgets every event: an empty server on the same port. Open subscriptions are dropped. */
  reset(): void;
  /** Ends every open subscription with UNAVAILABLE while the server keeps running. */
  dropSubscriptions(): void;
  /** Closes every connection and stops listening; `start()` listens again on the same port, with the same data. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Empties the server's recent-event-id cache, so `any` retries are no longer recognised server-side. */
  forgetRecentEventIds(): void;
  /** Changes or removes the record at a commit position, as someone with the server's files could (see EventLog.tamper). */
  tamper(position: bigint, change: (record: LogRecord) => LogRecord | null): void;
  stop(): Promise<void>;
}

/** The client's definition, except that Read may also write answers serialised beforehand. */
const streamsDefinition = {
  ...StreamsService,
  read: { ...StreamsService.read, responseSerialize: (value: ReadResp | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary())) },
};

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const version = VERSIONS[options.version ?? '23.10'];
  const empty = (log = new EventLog()) => ({ log, subscriptions: new Subscriptions(log, version.endOfCatchUp) });
  let state = empty();
  const subscriptions = (): Subscriptions => state.subscriptions;
  const implementation = services(() => state.log, subscriptions, { batchAppend: options.batchAppend ?? true, version: version.reported });
  let server = await listen(implementation, 0);
  const port = server.port;
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    get openSubscriptions() {
      return subscriptions().count;
    },
    get subscriptionStarts() {
      return subscriptions().starts;
    },
    get subscriptionEventsSent() {
      return subscriptions().eventsSent;
    },
    reset() {
      subscriptions().drop();
      state = empty();
    },
    dropSubscriptions: () => subscriptions().drop(),
    async kill() {
      // Connections are cut without a status, as when the node dies; serving loops are stopped quietly.
      server.server.forceShutdown();
      subscriptions().stopQuietly();
    },
    async start() {
      server = await listen(implementation, port);
    },
    forgetRecentEventIds: () => state.log.forgetRecentIds(),
    tamper: (position, change) => state.log.tamper(position, change),
    async stop() {
      subscriptions().drop();
      server.server.forceShutdown();
    },
  };
}

interface Services {
  readonly streams: UntypedServiceImplementation;
  readonly serverFeatures: UntypedServiceImplementation;
}

interface Features {
  readonly batchAppend: boolean;
  readonly version: string;
}

function services(log: () => EventLog, subscriptions: () => Subscriptions, { batchAppend, version }: Features): Services {
  const streams: UntypedServiceImplementation = {
    read: (call: ReadCall) => {
      const options = call.request.getOptions();
      if (options?.hasSubscription() && !options.hasAll()) return unimplemented(call, 'subscriptions to a stream');
      const serving = options?.hasSubscription() ? subscriptions().serve(call) : serveRead(log(), call);
      // A fault of the double reaches the client as a status, not as an unhandled rejection in the test run.
      serving.catch((error: unknown) => call.emit('error', { code: status.INTERNAL, details: String(error) }));
    },
    append: (call: Parameters<typeof serveAppend>[1], callback: Parameters<typeof serveAppend>[2]) => serveAppend(log(), call, callback),
    batchAppend: batchAppend
      ? (call: Parameters<typeof serveBatchAppend>[1]) => serveBatchAppend(log(), call)
      : (call: Parameters<typeof serveBatchAppend>[1]) => call.emit('error', { code: status.UNIMPLEMENTED }),
    delete: notImplemented,
    tombstone: notImplemented,
  };
  const serverFeatures: UntypedServiceImplementation = {
    getSupportedMethods: (_call: unknown, callback: (error: null, value: SupportedMethods) => void) =>
      callback(null, supportedMethods(batchAppend, version)),
  };
  return { streams, serverFeatures };
}

const notImplemented: handleUnaryCall<unknown, unknown> = (_call, callback) => callback({ code: status.UNIMPLEMENTED });

/** Lower-case names with the features the server attaches, as ServerFeatures.GetSupportedMethods lists them. */
function supportedMethods(batchAppend: boolean, version: string): SupportedMethods {
  const method = (service: string, name: string, features: string[] = []): SupportedMethod =>
    new SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
  const streams = 'event_store.client.streams.streams';
  const methods = [
    method(streams, 'read', ['position', 'events']),
    method(streams, 'append'),
    ...(batchAppend ? [method(streams, 'batchappend', ['deadline_duration'])] : []),
    method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
  ];
  return new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(version);
}

async function listen(implementation: Services, port: number): Promise<{ server: Server; port: number }> {
  const server = new Server();
  server.addService(streamsDefinition, implementation.streams);
  server.addService(ServerFeaturesService, implementation.serverFeatures);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, actual) => (error ? reject(error) : resolve(actual))),
  );
  return { server, port: bound };
}
