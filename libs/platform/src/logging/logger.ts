import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { activeTraceIds } from '../tracing/active-trace';

/** LOG_LEVEL names Nest's levels; pino's are their equivalents (log is info, verbose is trace). */
export type AppLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const PINO_LEVEL: Readonly<Record<AppLogLevel, Level>> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * One JSON object per line on standard output: time (ISO), level (by name), pid, host, the app, the
 * message and its fields. Never colours: the lines are for machines, whatever the terminal.
 * While tracing is on, a line written inside a span names it (`traceId`, `spanId`), so a request's
 * lines and its trace find each other. `false`: silent (tests).
 */
export function createLogger(app: string, level: AppLogLevel | false, destination: DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level: level === false ? 'silent' : PINO_LEVEL[level],
      base: { pid: process.pid, app },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A new object each time: pino merges the line's fields into what the mixin returns.
      mixin: () => activeTraceIds() ?? {},
    },
    destination,
  );
}

/**
 * Nest's start-up chatter (modules loaded, every route mapped) is for whoever debugs the wiring: it
 * is logged at debug, so an operator's log begins with what matters.
 */
const WIRING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's logger, writing through pino, so the framework's lines are JSON like ours. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write(context !== undefined && WIRING.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, stack?: string, context?: string): void {
    this.write('error', message, context, stack);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: Level, message: unknown, context: string | undefined, stack?: string): void {
    const fields = { ...(context === undefined ? {} : { context }), ...(stack === undefined ? {} : { stack }) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
