import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const CI_NAME_CLAIMS = { name: 'ci_name_claims', version: 1 } as const;
export const CI_NAME_CLAIMS_KEY = projectionKey(CI_NAME_CLAIMS);

/**
 * One CI name (`id` is its normalised form) and whether its holder is known to carry it: the to-do
 * list of name recovery (ci-name-recovery.ts in the domain). A name is unsettled from its
 * reservation until the holder's registration or rename carries it, and again from the moment the
 * holder lets it go (rename, retirement) until the release. Normally that is milliseconds; a name
 * unsettled for long is one a crash left behind. Recovery trusts only the log, never this list.
 */
export interface CiNameClaimDocument extends StoredDocument {
  readonly holder: string | null;
  readonly settled: boolean;
  /** When it last became unsettled (or settled): the business time of that fact. */
  readonly since: string;
}

export const CI_NAME_CLAIMS_COLLECTION: CollectionDefinition = {
  name: CI_NAME_CLAIMS_KEY,
  indexes: [{ fields: ['settled', 'since'] }],
};
