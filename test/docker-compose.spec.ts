import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@itsm/config';

/**
 * No container engine runs here, so docker-compose.yml is checked as data: the services, pinned
 * images, the wiring of every app's environment through our own configuration schema, health
 * checks and start order.
 */
const ROOT = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
};
const services = compose.services as Record<string, Service>;
const APPS = { 'command-api': 3000, 'query-api': 3001, projector: 3002 } as const;
const appNames = Object.keys(APPS) as (keyof typeof APPS)[];

/** Resolves `${VAR:-default}` the way compose does when VAR is unset. */
const environmentOf = (service: Service) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v).replace(/^\$\{\w+:-(.*)\}$/, '$1')]));

describe('docker-compose.yml', () => {
  it('runs EventStoreDB, MongoDB and the three apps', () => {
    expect(Object.keys(services).sort()).toEqual(['command-api', 'eventstore', 'mongodb', 'projector', 'query-api']);
  });

  it('pins every image to an exact version', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/:(\d+\.\d+\.\d+[\w.-]*|local)$/) });
    }
    expect(dockerfile.match(/^FROM \S+/gm)).toEqual(['FROM node:20.20.2-bookworm-slim', 'FROM node:20.20.2-bookworm-slim']);
  });

  it('builds the apps from one multi-stage Dockerfile, each starting its own compiled entry point', () => {
    expect(dockerfile).toMatch(/AS build[\s\S]*npm ci[\s\S]*npm run build[\s\S]*AS runtime[\s\S]*COPY --from=build/);
    for (const app of appNames) {
      const service = services[app] as Service;
      expect(service.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(service.command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      expect(fs.existsSync(path.join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
  });

  it("shares one DATA_DIR volume between the apps: the keys made on first start (the vault's master key, the signing key) must be the same in each", () => {
    for (const app of appNames) {
      expect({ app, volumes: (services[app] as Service).volumes }).toEqual({ app, volumes: ['app-data:/data'] });
      expect(loadConfig(environmentOf(services[app] as Service)).personalData.vault).toEqual({ kind: 'mongodb', url: expect.stringContaining('mongodb://mongodb:27017/'), database: 'itsm-personal-data' });
    }
    expect(dockerfile).toMatch(/DATA_DIR=\/data/);
  });

  it('gives every app a configuration our schema accepts, on EventStoreDB and MongoDB, with the ports of npm start', () => {
    for (const app of appNames) {
      const config = loadConfig(environmentOf(services[app] as Service));
      expect(config.eventStore).toEqual({ kind: 'esdb', connectionString: 'esdb://eventstore:2113?tls=false' });
      expect(config.readStore).toMatchObject({ kind: 'mongodb', url: expect.stringContaining('mongodb://mongodb:27017/'), writeConcern: 'majority' });
      expect(config.host).toBe('0.0.0.0');
      expect(config.ports).toEqual({ commandApi: 3000, queryApi: 3001, projector: 3002 });
      expect(services[app]?.ports).toEqual([`${APPS[app]}:${APPS[app]}`]);
    }
  });

  it('matches the stores to the connection strings: insecure single node, and a replica set named as in MONGO_URL', () => {
    const eventstore = services['eventstore'] as Service;
    expect(eventstore.environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: 1, EVENTSTORE_INSECURE: 'true', EVENTSTORE_HTTP_PORT: 2113 });
    const mongodb = services['mongodb'] as Service;
    const replicaSet = mongodb.command?.[mongodb.command.indexOf('--replSet') + 1];
    expect(String(services['query-api']?.environment?.['MONGO_URL'])).toContain(`replicaSet=${replicaSet}`);
    expect(mongodb.healthcheck?.test.join(' ')).toContain(`_id: '${replicaSet}'`);
  });

  it('keeps the stores on persistent volumes', () => {
    expect(services['eventstore']?.volumes).toContain('eventstore-data:/var/lib/eventstore');
    expect(services['mongodb']?.volumes).toContain('mongodb-data:/data/db');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['eventstore-data', 'mongodb-data']));
  });

  it('health-checks every service, each app on its own port, and starts apps only once both stores are healthy', () => {
    for (const [name, service] of Object.entries(services)) expect({ name, health: service.healthcheck?.test.length ?? 0 }).not.toEqual({ name, health: 0 });
    for (const app of appNames) {
      expect(services[app]?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${APPS[app]}/health/ready`);
      expect(services[app]?.depends_on).toEqual({ eventstore: { condition: 'service_healthy' }, mongodb: { condition: 'service_healthy' } });
    }
  });

  it('publishes the stores, which ask for no credentials, on the loopback only', () => {
    for (const store of ['eventstore', 'mongodb']) {
      for (const published of services[store]?.ports ?? []) expect({ store, published }).toEqual({ store, published: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
  });

  it('says how to mint a token inside it, with the script the image holds', () => {
    const minting = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8').match(/docker compose exec command-api node (\S+)/)?.[1];
    expect(minting).toBe('dist/scripts/token.js');
    expect(fs.existsSync(path.join(ROOT, 'scripts', 'token.ts'))).toBe(true);
    expect(dockerfile).toContain('COPY --from=build /app/dist dist');
  });
});
