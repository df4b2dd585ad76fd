export const ROLES = ['agent', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. Its subject is the actor recorded on events. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
}

/** Who may work tickets (append events); auditors only read. */
export const WRITER_ROLES: readonly Role[] = ['agent', 'manager', 'admin'];
export const READER_ROLES: readonly Role[] = ROLES;
