import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@itsm/config';
import { setupOpenApi } from './openapi';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation';

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export interface HttpAppOptions {
  readonly title: string;
  readonly description: string;
  readonly logLevel?: LogLevel;
}

/** Everything the three apps share: Fastify, validation, problem+json, OpenAPI. */
export async function createHttpApp(module: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const level = options.logLevel ?? 'log';
  const app = await NestFactory.create<NestFastifyApplication>(module as never, new FastifyAdapter({ bodyLimit: 256 * 1024 }), {
    logger: LEVELS.slice(0, LEVELS.indexOf(level) + 1) as LogLevel[],
    abortOnError: false,
  });
  configureHttpApp(app, options);
  return app;
}

export function configureHttpApp(app: INestApplication, options: Pick<HttpAppOptions, 'title' | 'description'>): void {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, options.title, options.description);
}

/** An app's main(): read the configuration once, build the module from it, listen; exit 1 on a failed start. */
export function runHttpApp(
  moduleFor: (config: AppConfig) => unknown,
  options: Omit<HttpAppOptions, 'logLevel'> & { readonly port: (config: AppConfig) => number },
): void {
  const start = async () => {
    const config = loadConfig();
    const app = await createHttpApp(moduleFor(config), { ...options, logLevel: config.logLevel });
    await app.listen(options.port(config), config.host);
  };
  start().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
