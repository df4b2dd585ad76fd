import { ROLES, type Role } from './principal';

/**
 * Who may do what: every operation of both APIs, by method and route, with the roles that may call
 * it. The one place authorization is declared; the guard enforces it, and a test generated from it
 * calls every operation with every role. An operation missing here is refused to everyone.
 *
 * - Everyone with a role reads the tickets: the roles are all service staff. Auditors read
 *   everything and change nothing; the audit trail across every ticket (/audit/*) is theirs alone
 *   (who did what to which ticket, exports of the whole log).
 * - agent, manager and admin work incidents and CIs.
 * - Changes are planned and carried out by agents, managers, admins and change managers; they are
 *   checked (approved, rejected, reviewed) only by the change authority, never by admin (ADR 14).
 * - Blackout windows belong to change management alone: lifting a freeze opens the calendar.
 */
const EVERYONE = ROLES;

/** Questions to the query API sent as POST (a body too large for a query string): they record nothing. */
export const QUERIES_BY_POST: readonly string[] = ['POST /sla/what-if', 'POST /evidence-packs'];
const WORKERS: readonly Role[] = ['agent', 'manager', 'admin'];
const CHANGE_WORKERS: readonly Role[] = ['agent', 'manager', 'admin', 'change-manager'];
const CHANGE_AUTHORITY: readonly Role[] = ['change-manager', 'cab-member'];
const CHANGE_MANAGEMENT: readonly Role[] = ['change-manager'];
const AUDIT: readonly Role[] = ['auditor'];

const INCIDENT_COMMANDS = ['start', 'edit', 'reclassify', 'assign', 'reassign', 'work-notes', 'comments', 'hold', 'resume', 'resolve', 'reopen', 'close', 'cancel'];
const CI_COMMANDS = ['rename', 'attributes', 'status', 'owner-group', 'retire', 'relationships', 'relationships/remove'];
const CHANGE_WORK = ['update', 'assign', 'assess', 'schedule', 'start', 'complete', 'close', 'cancel'];
const CHANGE_CHECKS = ['approve', 'reject', 'review', 'retrospective-review'];

const PROBLEM_COMMANDS = ['assign', 'reclassify', 'assess', 'start-analysis', 'root-cause', 'workaround', 'link-incident', 'unlink-incident', 'known-error', 'start-fix', 'fix-change', 'resolve', 'close', 'cancel'];

const each = (prefix: string, actions: readonly string[], roles: readonly Role[]) =>
  Object.fromEntries(actions.map((action) => [`POST ${prefix}/:id/${action}`, roles]));

export const PERMISSIONS: Readonly<Record<string, readonly Role[]>> = {
  // The command API.
  'POST /incidents': WORKERS,
  ...each('/incidents', INCIDENT_COMMANDS, WORKERS),
  ...each('/incidents', ['propose-major', 'attach-child', 'detach-child', 'major-review'], WORKERS),
  // Accepting a major incident mobilises people and budget: managers decide it.
  ...each('/incidents', ['accept-major', 'decline-major'], ['manager', 'admin']),
  'POST /cis': WORKERS,
  ...each('/cis', CI_COMMANDS, WORKERS),
  'POST /changes': CHANGE_WORKERS,
  ...each('/changes', CHANGE_WORK, CHANGE_WORKERS),
  ...each('/changes', CHANGE_CHECKS, CHANGE_AUTHORITY),
  'POST /blackout-windows': CHANGE_MANAGEMENT,
  ...each('/blackout-windows', ['change', 'withdraw'], CHANGE_MANAGEMENT),
  'POST /problems': WORKERS,
  ...each('/problems', PROBLEM_COMMANDS, WORKERS),
  // The query API.
  'GET /incidents': EVERYONE,
  'GET /incidents/:id': EVERYONE,
  'GET /incidents/:id/work-notes': EVERYONE,
  'GET /incidents/:id/comments': EVERYONE,
  'GET /incidents/:id/holds': EVERYONE,
  'GET /incidents/:id/resolutions': EVERYONE,
  'GET /queues/:group': EVERYONE,
  'GET /queues/unassigned': EVERYONE,
  'GET /queues/assignee/:assignee': EVERYONE,
  'GET /cis': EVERYONE,
  'GET /cis/:id': EVERYONE,
  'GET /cis/:id/relationships': EVERYONE,
  'GET /cis/:id/impact': EVERYONE,
  'GET /cis/:id/history': EVERYONE,
  'GET /incidents/:id/history': EVERYONE,
  'GET /changes/:id/history': EVERYONE,
  'GET /blackout-windows/:id/history': EVERYONE,
  'GET /cmdb/as-of': EVERYONE,
  'GET /changes': EVERYONE,
  'GET /changes/:id': EVERYONE,
  'GET /changes/:id/approvals': EVERYONE,
  'GET /cab/agenda': EVERYONE,
  'GET /blackout-windows': EVERYONE,
  'GET /blackout-windows/:id': EVERYONE,
  'GET /change-templates': EVERYONE,
  'GET /problems': EVERYONE,
  'GET /problems/:id': EVERYONE,
  'GET /problems/:id/history': EVERYONE,
  'GET /known-errors': EVERYONE,
  'GET /problem-candidates': EVERYONE,
  'GET /major-incidents': EVERYONE,
  'GET /incidents/:id/known-errors': EVERYONE,
  'GET /audit/events': AUDIT,
  'POST /priority-matrices': ['manager', 'admin'],
  'GET /priority-matrices': EVERYONE,
  'POST /business-calendars': ['manager', 'admin'],
  'POST /sla-policies': ['manager', 'admin'],
  'GET /business-calendars': EVERYONE,
  'GET /sla-policies': EVERYONE,
  'GET /incidents/:id/sla': EVERYONE,
  'GET /sla/breaches': EVERYONE,
  'GET /sla/attainment': EVERYONE,
  // Replays a period of the log: for those who answer for the service levels, not for every reader.
  'POST /sla/what-if': ['manager', 'admin', 'auditor'],
  'GET /audit/public-key': AUDIT,
  'GET /audit/checkpoints': AUDIT,
  'GET /audit/verify': AUDIT,
  // Going on past an event a read model cannot apply (retried or left out): admins only, each order a fact of the log.
  'POST /projections/:key/resume': ['admin'],
  // Erasing a person's data is irreversible: admins only, each erasure an audited fact (ADR 20).
  'POST /personal-data/erasures': ['admin'],
  // Evidence packs: for those who answer to an auditor, and for auditors.
  'POST /evidence-packs': ['auditor', 'admin'],
  'GET /evidence-packs/:id': ['auditor', 'admin'],
  // The live change feed: each caller sees only the kinds of ticket it may list (change-feed.ts).
  'GET /events/stream': EVERYONE,
};

/** The roles that may call `method route` (the route as declared, e.g. `/incidents/:id/assign`); none when undeclared. */
export function rolesFor(method: string, route: string): readonly Role[] {
  return PERMISSIONS[`${method.toUpperCase()} ${route}`] ?? [];
}
