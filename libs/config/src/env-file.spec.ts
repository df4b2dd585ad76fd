import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { CONFIG_VARIABLES, loadConfig } from './app-config';
import { ConfigError } from './config-error';
import { environmentWithEnvFile } from './env-file';

const ROOT = path.resolve(__dirname, '../../..');

describe('the .env file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-file-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const envFile = (text: string) => {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, text);
    return file;
  };

  it('is read at boot, the process environment winning, and validated by the one schema', () => {
    const file = envFile('QUERY_API_PORT=4001\nLOG_LEVEL=debug\n# a comment\nCORS_ORIGINS="https://desk.example.com"\n');
    const env = environmentWithEnvFile(CONFIG_VARIABLES, { LOG_LEVEL: 'warn' }, file);
    expect(env).toEqual({ QUERY_API_PORT: '4001', LOG_LEVEL: 'warn', CORS_ORIGINS: 'https://desk.example.com' });
    const config = loadConfig(env);
    expect({ port: config.ports.queryApi, level: config.logLevel, cors: config.http.corsOrigins }).toEqual({ port: 4001, level: 'warn', cors: ['https://desk.example.com'] });
    expect(() => loadConfig(environmentWithEnvFile(CONFIG_VARIABLES, {}, envFile('QUERY_API_PORT=zero\n')))).toThrow(/QUERY_API_PORT/);
  });

  it('refuses a name no setting has, naming it, rather than ignore a typo', () => {
    const file = envFile('LOG_LEVEL=debug\nQUERY_API_PROT=4001\n');
    expect(() => environmentWithEnvFile(CONFIG_VARIABLES, {}, file)).toThrow(ConfigError);
    expect(() => environmentWithEnvFile(CONFIG_VARIABLES, {}, file)).toThrow(/QUERY_API_PROT: is not a setting/);
  });

  it('is optional', () => {
    expect(environmentWithEnvFile(CONFIG_VARIABLES, { HOST: '0.0.0.0' }, path.join(dir, 'absent'))).toEqual({ HOST: '0.0.0.0' });
  });
});

describe('.env.example', () => {
  const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  const named = [...example.matchAll(/^# ([A-Z0-9_]+)=(.*)$/gm)].map(([, name, value]) => ({ name: name as string, value: value as string }));

  it('lists every setting once, and nothing else', () => {
    expect(named.map(({ name }) => name).sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('shows the defaults as they are: uncommented, they change nothing', () => {
    const uncommented = named.filter(({ value }) => value !== '').map(({ name, value }) => `${name}=${value}`).join('\n');
    expect(loadConfig(parseEnv(uncommented))).toEqual(loadConfig({}));
  });
});
