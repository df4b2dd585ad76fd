import { Server, ServerCredentials, status, type handleUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { serveAppend, serveBatchAppend } from './append';
import { EventLog } from './event-log';
import { serveRead, unimplemented, type ReadCall } from './read';
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
   * Whose subscription behaviour to follow: '23.10' (the default, as docker-compose runs) or '24.10',
   * which also checkpoints when catch-up ends (see subscription.ts).
   */
  readonly version?: '23.10' | '24.10';
}

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
  stop(): Promise<void>;
}

/** The client's definition, except that Read may also write answers serialised beforehand. */
const streamsDefinition = {
  ...StreamsService,
  read: { ...StreamsService.read, responseSerialize: (value: ReadResp | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary())) },
};

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const version = options.version ?? '23.10';
  const empty = (log = new EventLog()) => ({ log, subscriptions: new Subscriptions(log, version !== '23.10') });
  let state = empty();
  const subscriptions = (): Subscriptions => state.subscriptions;
  const implementation = services(() => state.log, subscriptions, { batchAppend: options.batchAppend ?? true, version: `${version}.0` });
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
