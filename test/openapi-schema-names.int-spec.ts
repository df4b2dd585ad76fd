import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { QueryApiModule } from '../apps/query-api/src/query-api.module';
import type { AppConfig } from '@itsm/config';
import { InProcessApp, tempDataDir } from './support/in-process-app';

/**
 * One OpenAPI document has one schema per name: two DTO classes of the same name would have the second
 * silently stand for the first (its fields, rules and examples), and Nest says so only in a warning at boot.
 */
jest.setTimeout(60_000);

it.each([
  ['command API', (config: AppConfig) => CommandApiModule.register(config)],
  ['query API', (config: AppConfig) => QueryApiModule.register(config)],
  ['projector', (config: AppConfig) => ProjectorModule.register(config)],
])('the %s boots without warning, no two DTOs sharing a schema name', async (_app, moduleFor) => {
  const written: string[] = [];
  const app = await InProcessApp.start(moduleFor, {}, tempDataDir(), { level: 'warn', destination: { write: (chunk: string) => void written.push(chunk) } });
  try {
    await app.request('GET', '/docs-json');
    const warnings = written.join('').split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(warnings).toEqual([]);
  } finally {
    await app.stop();
  }
});
