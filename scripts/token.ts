import { parseArgs } from 'node:util';
import { loadConfig, resolveJwtSecret } from '@itsm/config';
import { ROLES, signToken, type Role } from '@itsm/platform';

/** `npm run token -- --user alice --roles agent,manager [--hours 8]` prints a bearer token. */
function main(): void {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, roles: { type: 'string' }, hours: { type: 'string', default: '8' } },
  });
  const roles = (values.roles ?? '').split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  const hours = Number(values.hours);
  const problems = [
    ...(values.user ? [] : ['--user is required']),
    ...(roles.length > 0 ? [] : [`--roles is required: a comma-separated list of ${ROLES.join(', ')}`]),
    ...(unknown.length > 0 ? [`unknown roles: ${unknown.join(', ')} (known: ${ROLES.join(', ')})`] : []),
    ...(Number.isFinite(hours) && hours > 0 ? [] : ['--hours must be a positive number']),
  ];
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(2);
  }
  const config = loadConfig();
  const settings = { secret: resolveJwtSecret(config), issuer: config.auth.issuer };
  console.log(signToken(settings, { subject: values.user as string, roles: roles as Role[] }, Math.round(hours * 3600)));
}

main();
