import { parseArgs } from 'node:util';
import { resolveJwtSecret } from '@itsm/config';
import { ROLES, signToken, type Role } from '@itsm/platform';
import { configOrExit } from './cli';

const DEFAULT_HOURS = 8;

/**
 * `npm run token -- --user alice --roles agent,manager [--hours 8]` prints a bearer token, signed with
 * the secret of the configuration it runs under: the same DATA_DIR (or JWT_SECRET) and JWT_ISSUER as
 * the servers, and no longer-lived than their JWT_MAX_LIFETIME_HOURS accepts.
 */
const USAGE = `npm run -s token -- --user NAME --roles ROLE[,ROLE...] [--hours N]

Prints a bearer token signed with the secret of the configuration it runs under (same DATA_DIR or
JWT_SECRET as the servers). Roles: ${ROLES.join(', ')}.`;

function main(): void {
  const config = configOrExit();
  const maxHours = config.auth.maxLifetimeSeconds / 3600;
  let values;
  try {
    ({ values } = parseArgs({
      options: { user: { type: 'string' }, roles: { type: 'string' }, hours: { type: 'string', default: String(Math.min(DEFAULT_HOURS, maxHours)) }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const roles = (values.roles ?? '').split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  const hours = Number(values.hours);
  const problems = [
    ...(values.user ? [] : ['--user is required']),
    ...(roles.length > 0 ? [] : [`--roles is required: a comma-separated list of ${ROLES.join(', ')}`]),
    ...(unknown.length > 0 ? [`unknown roles: ${unknown.join(', ')} (known: ${ROLES.join(', ')})`] : []),
    ...(Number.isFinite(hours) && hours > 0 && hours <= maxHours ? [] : [`--hours must be a positive number of at most ${maxHours} (JWT_MAX_LIFETIME_HOURS)`]),
  ];
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(2);
  }
  const settings = { secret: resolveJwtSecret(config), issuer: config.auth.issuer };
  console.log(signToken(settings, { subject: values.user as string, roles: roles as Role[] }, Math.floor(hours * 3600)));
}

main();
