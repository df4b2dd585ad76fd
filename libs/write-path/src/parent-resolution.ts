import { fold, incidentDecider, type IncidentEvent, type IncidentResolved } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import { reactOnIncident } from './incident-reaction';
import type { WritePath } from './write-path';

/** Who the log names for a child resolved with its parent. */
export const PARENT_RESOLUTION_ACTOR = 'system:parent-resolution';

/**
 * What a parent's resolution does to its children: each open child is resolved with the parent's
 * resolution code and notes, its IncidentResolved naming the parent. The children are the parent's
 * as they stood at its resolution; ids derive from that fact and the child, so a repeat appends nothing.
 */
export class ParentResolutionReaction {
  constructor(private readonly writer: WritePath) {}

  async react(fact: RecordedEvent, now: Date): Promise<string[]> {
    if (fact.type !== 'IncidentResolved') return [];
    const parentId = (fact.data as IncidentResolved['data']).incidentId;
    const upTo = await this.writer.store.readStream(fact.stream, { max: fact.revision + 1 });
    const parent = fold(incidentDecider, upTo.map(({ type, data }) => ({ type, data }) as IncidentEvent));
    const childIds = 'childIds' in parent ? (parent.childIds ?? []) : [];
    if (childIds.length === 0) return [];
    const opened = upTo.find((event) => event.type === 'IncidentOpened' || event.type === 'IncidentVersionImported');
    const parentNumber = ((opened?.data as { number?: string | null } | undefined)?.number ?? null) as string | null;
    const { resolutionCode, resolutionNotes } = fact.data as IncidentResolved['data'];
    const resolved: string[] = [];
    for (const childId of childIds) {
      const reaction = { type: 'ResolveIncidentWithParent' as const, data: { parentId, parentNumber, resolutionCode, resolutionNotes } };
      if (await reactOnIncident(this.writer, fact, childId, reaction, PARENT_RESOLUTION_ACTOR, 'resolved-with-parent', now)) resolved.push(childId);
    }
    return resolved;
  }
}
