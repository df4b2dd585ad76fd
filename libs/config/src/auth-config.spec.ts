import { loadConfig } from './app-config';
import { problemsOf } from './testing/problems-of';

describe('authentication configuration', () => {
  it('defaults: our own HS256 issuer only, tokens of at most 24 h, 60 s of clock skew', () => {
    expect(loadConfig({}).auth).toEqual({ secret: undefined, issuer: 'itsm-ledger', maxLifetimeSeconds: 24 * 3600, clockSkewSeconds: 60, oidc: undefined });
  });

  it('reads the lifetime in hours (fractions allowed) and refuses one above 30 days, or none', () => {
    expect(loadConfig({ JWT_MAX_LIFETIME_HOURS: '0.5' }).auth.maxLifetimeSeconds).toBe(1800);
    expect(problemsOf({ JWT_MAX_LIFETIME_HOURS: '876000' })).toEqual([{ field: 'JWT_MAX_LIFETIME_HOURS', reason: expect.any(String) }]);
    expect(problemsOf({ JWT_MAX_LIFETIME_HOURS: '0' })).toEqual([{ field: 'JWT_MAX_LIFETIME_HOURS', reason: expect.any(String) }]);
    expect(problemsOf({ JWT_CLOCK_SKEW_SECONDS: '3600' })).toEqual([{ field: 'JWT_CLOCK_SKEW_SECONDS', reason: expect.any(String) }]);
  });

  it('an OIDC issuer with its audience, claims and role map', () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://sso.example.com/realms/itsm',
      OIDC_AUDIENCE: 'itsm-api',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_SUBJECT_CLAIM: 'preferred_username',
      OIDC_ROLE_MAP: 'itsm-agents=agent, itsm-cab=cab-member,itsm-cab=change-manager',
    });
    expect(config.auth.oidc).toEqual({
      issuer: 'https://sso.example.com/realms/itsm',
      jwksUrl: undefined,
      audience: 'itsm-api',
      rolesClaim: 'realm_access.roles',
      subjectClaim: 'preferred_username',
      roleMap: new Map([['itsm-agents', ['agent']], ['itsm-cab', ['cab-member', 'change-manager']]]),
    });
  });

  it('claims default to roles and sub', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://sso.example.com', OIDC_AUDIENCE: 'itsm-api' }).auth.oidc).toMatchObject({ rolesClaim: 'roles', subjectClaim: 'sub', roleMap: undefined });
  });

  it('an issuer needs an audience: without one, a token minted for any other application of the provider would work here', () => {
    expect(problemsOf({ OIDC_ISSUER: 'https://sso.example.com' })).toEqual([{ field: 'OIDC_AUDIENCE', reason: 'is required when OIDC_ISSUER is set' }]);
  });

  it('keys come over https, or plain http from this machine only', () => {
    expect(problemsOf({ OIDC_ISSUER: 'http://sso.example.com', OIDC_AUDIENCE: 'a' })).toEqual([{ field: 'OIDC_ISSUER', reason: expect.stringMatching(/https/) }]);
    expect(problemsOf({ OIDC_ISSUER: 'https://sso.example.com', OIDC_AUDIENCE: 'a', OIDC_JWKS_URL: 'http://10.0.0.1/certs' })).toEqual([{ field: 'OIDC_JWKS_URL', reason: expect.stringMatching(/https/) }]);
    expect(problemsOf({ OIDC_ISSUER: 'http://127.0.0.1:8080/realms/itsm', OIDC_AUDIENCE: 'a' })).toEqual([]);
  });

  it('the two issuers differ (the iss claim picks the verifier), and OIDC settings without an issuer are a mistake', () => {
    expect(problemsOf({ OIDC_ISSUER: 'https://sso.example.com', OIDC_AUDIENCE: 'a', JWT_ISSUER: 'https://sso.example.com' })).toEqual([{ field: 'OIDC_ISSUER', reason: expect.stringMatching(/JWT_ISSUER/) }]);
    expect(problemsOf({ OIDC_AUDIENCE: 'a', OIDC_ROLE_MAP: 'x=agent' }).map((p) => p.field)).toEqual(['OIDC_AUDIENCE', 'OIDC_ROLE_MAP']);
  });

  it('a role map is name=role pairs', () => {
    for (const map of ['agent', 'a=', '=agent', 'a=b=c', 'a=agent,,b=admin']) {
      expect(problemsOf({ OIDC_ISSUER: 'https://sso.example.com', OIDC_AUDIENCE: 'a', OIDC_ROLE_MAP: map })).toEqual([{ field: 'OIDC_ROLE_MAP', reason: 'must be a comma-separated list of name=role' }]);
    }
  });
});
