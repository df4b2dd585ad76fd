import type { IncidentChange, PoisonEvent, ResumeMode } from '@itsm/domain';
import type { IncidentDetailDocument } from '../../incident-detail/incident-detail-document';
import { incidentDetailProjection } from '../../incident-detail/incident-detail-projection';
import type { Projection } from '../../projection';
import type { PoisonHandling } from '../landing';

/** The detail projection with a bug: it throws on any work note reading "boom" while `broken` says so. */
export function buggyDetail() {
  const bug = { broken: true };
  const projection: Projection<IncidentChange, IncidentDetailDocument> = {
    ...incidentDetailProjection,
    evolve: (document, event, id) => {
      if (bug.broken && event.type === 'IncidentWorkNoteAdded' && (event.data as { text: string }).text === 'boom') throw new TypeError('Cannot read properties of undefined');
      return incidentDetailProjection.evolve(document, event, id);
    },
  };
  return { projection, bug };
}

/** What the projector does with a pause, kept in memory: the pauses recorded and the order an admin gives. */
export function adminControl(): PoisonHandling & { pauses: PoisonEvent[]; give(mode: ResumeMode): void } {
  let standing: { position: string; mode: ResumeMode } | null = null;
  const pauses: PoisonEvent[] = [];
  return {
    pauses,
    pollMs: 10,
    paused: async (poison) => {
      standing = null;
      pauses.push(poison);
    },
    order: async (poison) => (standing?.position === poison.position ? standing.mode : null),
    give(mode) {
      const last = pauses[pauses.length - 1] as PoisonEvent;
      standing = { position: last.position, mode };
    },
  };
}
