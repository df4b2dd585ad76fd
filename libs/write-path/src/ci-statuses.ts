import { configurationItemDecider, configurationItemStream, MAX_CIS_PER_COMMAND, type CiStatuses } from '@itsm/domain';
import type { WritePath } from './write-path';

/** Streams read at once: enough to hide round trips to a server, few enough not to flood it. */
const CONCURRENT_READS = 32;

/**
 * The status of each CI a command names, read from the log (the truth, not a read model that may
 * lag behind a CI registered a moment ago), through the write path's cached folds. A CI never
 * registered is left out, which the deciders refuse (ci-references.ts). More ids than a command
 * may name are not looked up at all: the decider refuses the count first.
 */
export async function readCiStatuses(writer: WritePath, ciIds: readonly unknown[] | undefined): Promise<CiStatuses> {
  const ids = [...new Set((ciIds ?? []).filter((id): id is string => typeof id === 'string'))];
  if (ids.length > MAX_CIS_PER_COMMAND) return {};
  const statuses: Record<string, CiStatuses[string]> = {};
  for (let start = 0; start < ids.length; start += CONCURRENT_READS) {
    const chunk = ids.slice(start, start + CONCURRENT_READS);
    const loaded = await Promise.all(chunk.map((ciId) => (isCiId(ciId) ? writer.load(configurationItemDecider, configurationItemStream(ciId)) : null)));
    loaded.forEach((ci, index) => {
      if (ci !== null && ci.state.status !== 'none') statuses[chunk[index] as string] = ci.state.status;
    });
  }
  return statuses;
}

/** An id that names a CI stream: `name-…` would land on the name registry (ci-name-…), blank on nothing. */
function isCiId(ciId: string): boolean {
  return ciId.trim() !== '' && !ciId.startsWith('name-');
}
