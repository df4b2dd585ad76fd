import {
  CI_STREAM_PREFIX,
  assertNever,
  type CiNameEvent,
  type ConfigurationItemRegistered,
  type ConfigurationItemRenamed,
  type ConfigurationItemRetired,
} from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { CI_NAME_CLAIMS, CI_NAME_CLAIMS_COLLECTION, type CiNameClaimDocument } from './ci-name-claim-document';

type NameFact = CiNameEvent | ConfigurationItemRegistered | ConfigurationItemRenamed | ConfigurationItemRetired;
type Fact = DomainRecordedEvent<NameFact>;
type Claim = Omit<CiNameClaimDocument, '_position'>;

export const ciNameClaimsProjection: Projection<NameFact, CiNameClaimDocument> = {
  ...CI_NAME_CLAIMS,
  collection: CI_NAME_CLAIMS_COLLECTION,
  // Name streams (ci-name-…) share the CI prefix; the event types tell them apart.
  streamPrefixes: [CI_STREAM_PREFIX],
  handles: ['CiNameReserved', 'CiNameReleased', 'ConfigurationItemRegistered', 'ConfigurationItemRenamed', 'ConfigurationItemRetired'],
  documentIds: (event) =>
    event.type === 'ConfigurationItemRenamed' ? [...new Set([event.data.normalisedName, event.data.previousNormalisedName])] : [event.data.normalisedName],
  evolve: evolveCiNameClaim,
};

export function evolveCiNameClaim(claim: CiNameClaimDocument | null, event: Fact, name: string): Claim | null {
  const since = event.metadata.occurredAt;
  switch (event.type) {
    case 'CiNameReserved':
      return { id: name, holder: event.data.ciId, settled: false, since };
    case 'CiNameReleased':
      return claim === null || claim.holder === event.data.ciId ? { id: name, holder: null, settled: true, since } : claim;
    case 'ConfigurationItemRegistered':
      return carried(claim, event.data.ciId, since);
    case 'ConfigurationItemRenamed':
      if (name === event.data.normalisedName) return carried(claim, event.data.ciId, since);
      return letGo(claim, event.data.ciId, since);
    case 'ConfigurationItemRetired':
      return letGo(claim, event.data.ciId, since);
    default:
      return assertNever(event);
  }
}

/** The holder's CI now carries the name. A name never reserved (before this list existed) has no claim. */
function carried(claim: CiNameClaimDocument | null, ciId: string, since: string): Claim | null {
  return claim !== null && claim.holder === ciId ? { ...claim, settled: true, since } : claim;
}

/** The holder no longer carries the name: its release is due. */
function letGo(claim: CiNameClaimDocument | null, ciId: string, since: string): Claim | null {
  return claim !== null && claim.holder === ciId ? { ...claim, settled: false, since } : claim;
}
