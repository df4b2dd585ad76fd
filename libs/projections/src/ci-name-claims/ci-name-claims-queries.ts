import type { ReadStore } from '@itsm/read-store/port';
import { CI_NAME_CLAIMS_KEY, type CiNameClaimDocument } from './ci-name-claim-document';

/** Names whose holder is not known to carry them, longest unsettled first. */
export async function findUnsettledNameClaims(store: ReadStore, limit: number): Promise<CiNameClaimDocument[]> {
  const page = await store.find<CiNameClaimDocument>(CI_NAME_CLAIMS_KEY, {
    filter: { settled: false },
    sort: [{ field: 'since', direction: 'asc' }],
    limit,
  });
  return page.items;
}
