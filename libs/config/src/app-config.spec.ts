import path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('defaults to the embedded stores under ./data on ports 3000, 3001 and 3002', () => {
    const config = loadConfig({});
    expect(config.ports).toEqual({ commandApi: 3000, queryApi: 3001, projector: 3002 });
    expect(config.eventStore).toMatchObject({ kind: 'sqlite', filename: path.resolve('data/events.sqlite') });
    expect(config.readStore).toMatchObject({ kind: 'sqlite', filename: path.resolve('data/read-models.sqlite') });
    expect(config.auth.secret).toBeUndefined();
  });

  it('reads ports and the data directory from the environment', () => {
    const config = loadConfig({ COMMAND_API_PORT: '4000', QUERY_API_PORT: '4001', DATA_DIR: '/tmp/x' });
    expect(config.ports.commandApi).toBe(4000);
    expect(config.ports.queryApi).toBe(4001);
    expect(config.dataDir).toBe('/tmp/x');
  });

  it('names every invalid field and the reason', () => {
    const attempt = () => loadConfig({ COMMAND_API_PORT: 'eighty', JWT_SECRET: 'short', EVENT_STORE: 'oracle' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const fields = (error as ConfigError).problems.map((p) => p.field).sort();
      expect(fields).toEqual(['COMMAND_API_PORT', 'EVENT_STORE', 'JWT_SECRET']);
      expect((error as ConfigError).problems.find((p) => p.field === 'JWT_SECRET')?.reason).toMatch(/32 characters/);
    }
  });

  it('selects EventStoreDB and MongoDB by configuration, with majority writes by default', () => {
    const config = loadConfig({ EVENT_STORE: 'esdb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', READ_STORE: 'mongodb', MONGO_URL: 'mongodb://localhost:27017/?replicaSet=rs0' });
    expect(config.eventStore).toEqual({ kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' });
    expect(config.readStore).toEqual({ kind: 'mongodb', url: 'mongodb://localhost:27017/?replicaSet=rs0', database: 'itsm', writeConcern: 'majority' });
    expect(loadConfig({ READ_STORE: 'mongodb', MONGO_URL: 'mongodb://m', MONGO_WRITE_CONCERN: '1' }).readStore).toMatchObject({ writeConcern: 1 });
  });

  it('requires the connection string of a server-backed store', () => {
    try {
      loadConfig({ EVENT_STORE: 'esdb', READ_STORE: 'mongodb', MONGO_URL: 'http://wrong' });
      throw new Error('accepted');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { field: 'MONGO_URL', reason: 'must be a mongodb:// connection string' },
        { field: 'EVENTSTORE_URL', reason: 'is required when EVENT_STORE=esdb' },
      ]);
    }
    try {
      loadConfig({ EVENT_STORE: 'esdb' });
      throw new Error('accepted');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([{ field: 'EVENTSTORE_URL', reason: 'is required when EVENT_STORE=esdb' }]);
    }
  });

  it('limits bodies to 256 KB, requests to 30 s, and 600 a minute per token and 3000 per client address, unless told otherwise', () => {
    expect(loadConfig({}).http).toEqual({ bodyLimitBytes: 262_144, requestTimeoutMs: 30_000, rateLimit: { perTokenPerMinute: 600, perAddressPerMinute: 3000 }, corsOrigins: null });
    const tuned = loadConfig({ HTTP_BODY_LIMIT_BYTES: '1048576', HTTP_REQUEST_TIMEOUT_MS: '5000', RATE_LIMIT_PER_TOKEN_PER_MINUTE: '60', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '120' });
    expect(tuned.http).toEqual({ bodyLimitBytes: 1_048_576, requestTimeoutMs: 5_000, rateLimit: { perTokenPerMinute: 60, perAddressPerMinute: 120 }, corsOrigins: null });
    expect(loadConfig({ RATE_LIMIT_ENABLED: 'false' }).http.rateLimit).toBeNull();
    expect(loadConfig({ RATE_LIMIT_ENABLED: 'true' }).http.rateLimit).not.toBeNull();
  });

  it('names an unusable limit', () => {
    const attempt = () => loadConfig({ HTTP_BODY_LIMIT_BYTES: '10', HTTP_REQUEST_TIMEOUT_MS: '50', RATE_LIMIT_ENABLED: 'sometimes', RATE_LIMIT_PER_TOKEN_PER_MINUTE: '0', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: 'lots' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const fields = (error as ConfigError).problems.map((p) => p.field).sort();
      expect(fields).toEqual(['HTTP_BODY_LIMIT_BYTES', 'HTTP_REQUEST_TIMEOUT_MS', 'RATE_LIMIT_ENABLED', 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 'RATE_LIMIT_PER_TOKEN_PER_MINUTE']);
    }
  });
});
