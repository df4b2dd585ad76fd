export const ROLES = ['agent', 'manager', 'auditor', 'admin', 'change-manager', 'cab-member'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. Its subject is the actor recorded on events. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
}

/**
 * The approval groups of the change policy that a caller belongs to, from the token's roles:
 * change managers approve low-risk changes and sit on the emergency CAB; CAB members form the CAB.
 */
const APPROVAL_GROUPS_OF_ROLE: Partial<Record<Role, readonly string[]>> = {
  'change-manager': ['change-managers', 'ecab'],
  'cab-member': ['cab'],
};

export function approvalGroupsOf(principal: Principal): string[] {
  return [...new Set(principal.roles.flatMap((role) => APPROVAL_GROUPS_OF_ROLE[role] ?? []))];
}
