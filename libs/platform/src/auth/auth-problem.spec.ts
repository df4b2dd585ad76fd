import { loadConfig, ConfigError } from '@itsm/config';
import { AUTH_ERROR_CODES, AuthError, type AuthErrorCode } from './auth-errors';
import { authProblem } from './auth-problem';
import { authSettingsOf } from './auth-settings';

describe('refusals as problem+json', () => {
  it.each(Object.keys(AUTH_ERROR_CODES).filter((code) => AUTH_ERROR_CODES[code as AuthErrorCode].status === 401 && code !== 'auth.token_missing'))(
    '%s: 401 with an RFC 6750 invalid_token challenge whose description is a legal quoted-string',
    (code) => {
      const problem = authProblem(new AuthError(code as AuthErrorCode));
      expect({ status: problem.status, code: problem.code }).toEqual({ status: 401, code });
      expect(problem.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="[\x20-\x21\x23-\x5b\x5d-\x7e]+"$/);
    },
  );

  it('no credentials at all: the bare challenge, without an error code (RFC 6750 §3.1)', () => {
    expect(authProblem(new AuthError('auth.token_missing')).headers).toEqual({ 'www-authenticate': 'Bearer' });
  });

  it('an unavailable identity provider: 503 with Retry-After, no challenge (the token may be fine)', () => {
    const problem = authProblem(new AuthError('auth.identity_provider_unavailable', 'down', 4));
    expect({ status: problem.status, headers: problem.headers }).toEqual({ status: 503, headers: { 'retry-after': '4' } });
  });
});

describe('OIDC_ROLE_MAP', () => {
  const oidc = { OIDC_ISSUER: 'https://sso.example.com', OIDC_AUDIENCE: 'itsm-api' };

  it('maps onto our roles', () => {
    const settings = authSettingsOf(loadConfig({ ...oidc, OIDC_ROLE_MAP: 'itsm-agents=agent' }).auth, 'secret');
    expect(settings.oidc?.roleMap).toEqual(new Map([['itsm-agents', ['agent']]]));
  });

  it('naming a role we do not have stops the app at boot, naming the variable', () => {
    const attempt = () => authSettingsOf(loadConfig({ ...oidc, OIDC_ROLE_MAP: 'itsm-agents=agent,ops=operator' }).auth, 'secret');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/OIDC_ROLE_MAP: maps to unknown roles operator/);
  });
});
