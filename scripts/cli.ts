import { ConfigError, loadConfig, type AppConfig } from '@itsm/config';

/** What the command-line tools share: their configuration, a usage error (exit 2 with the usage) and a period's two instants. */
export class UsageError extends Error {}

/** The configuration (environment and .env), or the tool stops, saying what is wrong with it: never a stack trace. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** --from and --to as instants with a zone, --to after --from; answered in UTC. */
export function periodArguments(from: string, to: string): { readonly from: string; readonly to: string } {
  for (const [name, value] of [['from', from], ['to', to]] as const) if (Number.isNaN(Date.parse(value)) || !/[Zz]|[+-]\d\d:\d\d$/.test(value)) throw new UsageError(`--${name} must be an instant with a zone (2026-03-01T00:00:00Z)`);
  if (Date.parse(to) <= Date.parse(from)) throw new UsageError('--to must come after --from');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
