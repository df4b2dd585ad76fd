export * from './ci-name-claim-document';
export { ciNameClaimsProjection, evolveCiNameClaim } from './ci-name-claims-projection';
export * from './ci-name-claims-queries';
