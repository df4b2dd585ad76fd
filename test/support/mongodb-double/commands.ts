import type { Document } from 'mongodb';
import { catalogCommands } from './catalog-commands';
import { readCommands } from './read-commands';
import { CommandError, type CommandContext, type Handler } from './state';
import { writeCommands } from './write-commands';

/**
 * The double presents itself as a standalone MongoDB 7.0 (wire version 21): a standalone accepts
 * `w: 'majority'` like any write concern and needs no replica-set discovery. It advertises sessions
 * (logicalSessionTimeoutMinutes), so the driver sends `lsid` and, on close, `endSessions`, both
 * accepted and otherwise ignored, as are `writeConcern`, `$readPreference`, `maxTimeMS` and `comment`.
 *
 * Assumption: without `topologyVersion` in hello the driver polls (a hello every heartbeat) instead
 * of streaming awaitable hellos with moreToCome answers, which the double does not implement.
 */
const WIRE_VERSION = 21;

function hello(legacy: boolean): Handler {
  return (command, { connectionId }) => ({
    // Legacy hello names the role `ismaster`; hello names it `isWritablePrimary`.
    [legacy ? 'ismaster' : 'isWritablePrimary']: true,
    // Told by the client it understands `hello`, we let it monitor with `hello` from now on.
    ...(command.helloOk === true ? { helloOk: true } : {}),
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: WIRE_VERSION,
    readOnly: false,
  });
}

const adminCommands: Record<string, Handler> = {
  hello: hello(false),
  ismaster: hello(true),
  isMaster: hello(true),
  ping: () => ({}),
  buildInfo: () => ({ version: '7.0.0', versionArray: [7, 0, 0, 0], maxBsonObjectSize: 16 * 1024 * 1024 }),
  endSessions: () => ({}),
};

const HANDLERS: Record<string, Handler> = { ...adminCommands, ...catalogCommands, ...readCommands, ...writeCommands };
const HANDSHAKE = new Set(['hello', 'ismaster', 'isMaster']);

/**
 * Runs one command. The command's name is its first key; a failure answers `ok: 0` like a server,
 * never throws. Over OP_QUERY only the handshake is accepted, as on servers since 5.1.
 */
export function runCommand(command: Document, context: Omit<CommandContext, 'db'>, overOpQuery: boolean): Document {
  const name = Object.keys(command)[0] ?? '';
  const db = typeof command.$db === 'string' ? command.$db : 'admin';
  try {
    if (overOpQuery && !HANDSHAKE.has(name)) {
      throw new CommandError(352, 'UnsupportedOpQueryCommand', `Unsupported OP_QUERY command: ${name}`);
    }
    const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
    return { ...handler(command, { ...context, db }), ok: 1 };
  } catch (error) {
    if (error instanceof CommandError) return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName };
    // Anything mingo refuses (an unknown operator, a malformed stage) is the caller's bad value.
    return { ok: 0, errmsg: (error as Error).message, code: 2, codeName: 'BadValue' };
  }
}
