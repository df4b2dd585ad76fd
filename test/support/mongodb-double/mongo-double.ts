import type { Document } from 'mongodb';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { runCommand } from './commands';
import { DoubleState } from './state';
import { MessageReader, OP_QUERY, encodeReply, parseRequest } from './wire';

/**
 * An in-process MongoDB server for tests: the real driver talks to it over TCP on 127.0.0.1, so the
 * adapter's commands, BSON and error handling are exercised as they would be against mongod. It is
 * our reading of the wire protocol, not MongoDB: see wire.ts and commands.ts for what is assumed.
 * Test code only (lint keeps it out of product code).
 */
export interface MongoDouble {
  /** A connection string for the driver, e.g. mongodb://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  /** Every command received, in order, so that a test can check what the driver sent (a write concern, say). */
  readonly received: readonly Document[];
  /** Drops every connection and stops listening, as a crashed server would. Data is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port (stopping first if running), like a restarted mongod. */
  restart(): Promise<void>;
}

export async function startMongoDouble(): Promise<MongoDouble> {
  const state = new DoubleState();
  const sockets = new Set<Socket>();
  const received: Document[] = [];
  let nextConnectionId = 1;
  let nextRequestId = 1;

  const serve = (socket: Socket): void => {
    sockets.add(socket);
    const connectionId = nextConnectionId++;
    const reader = new MessageReader();
    socket.on('close', () => sockets.delete(socket));
    // A client that vanishes mid-write (ECONNRESET, EPIPE) is normal here, never a test failure.
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      try {
        for (const message of reader.push(chunk)) {
          const request = parseRequest(message);
          received.push(request.command);
          const reply = runCommand(request.command, { state, connectionId }, request.opCode === OP_QUERY);
          if (request.expectsReply) socket.write(encodeReply(request, reply, nextRequestId++));
        }
      } catch {
        // A message we cannot frame or parse: like mongod, close the connection.
        socket.destroy();
      }
    });
  };

  let server: Server | null = await listen(0, serve);
  const port = (server.address() as AddressInfo).port;

  const stop = async (): Promise<void> => {
    const running = server;
    server = null;
    if (!running) return;
    sockets.forEach((socket) => socket.destroy());
    state.cursors.clear();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  };

  return {
    url: `mongodb://127.0.0.1:${port}`,
    port,
    received,
    stop,
    restart: async () => {
      await stop();
      server = await listen(port, serve);
    },
  };
}

function listen(port: number, serve: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(serve);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
