import type { StandardTemplate } from '@itsm/domain';

export interface ChangeTemplate extends StandardTemplate {
  readonly title: string;
  readonly description: string;
}

/**
 * The pre-approved standard changes. Data in code for now, not a read model: adding or revising one
 * is itself a reviewed change to this file, and the version recorded on each change shows which text
 * it followed. It sits in this library because the command API raises from it and the query API
 * lists it; when templates get their own streams this becomes a projection beside the others.
 */
export const CHANGE_TEMPLATES: readonly ChangeTemplate[] = [
  {
    id: 'os-security-patch',
    version: 1,
    title: 'Monthly OS security patch on a redundant server',
    description: 'Vendor security patches on one node of a load-balanced pool, inside the maintenance window.',
    content: {
      implementationPlan: 'Drain the node from the pool, apply the vendor patches, reboot, return the node to the pool.',
      backoutPlan: 'Uninstall the patches (or restore the pre-patch snapshot), reboot, return the node to the pool.',
      testPlan: 'Health checks green for 15 minutes and the service smoke test passes before the next node.',
    },
  },
  {
    id: 'tls-certificate-renewal',
    version: 1,
    title: 'TLS certificate renewal',
    description: 'Replace a certificate before it expires with one from the same CA and the same names.',
    content: {
      implementationPlan: 'Install the new certificate and key beside the old one, switch the binding, reload the listener.',
      backoutPlan: 'Switch the binding back to the old certificate and reload.',
      testPlan: 'The endpoint presents the new certificate with the full chain; clients connect without warnings.',
    },
  },
  {
    id: 'user-mailbox-quota',
    version: 2,
    title: 'Mailbox quota increase within the storage plan',
    description: 'Raise one mailbox quota up to the plan limit.',
    content: {
      implementationPlan: 'Set the new quota on the mailbox in the mail admin console.',
      backoutPlan: 'Set the previous quota back.',
      testPlan: 'The mailbox shows the new quota and accepts mail.',
    },
  },
];

export function findTemplate(id: string): ChangeTemplate | undefined {
  return CHANGE_TEMPLATES.find((template) => template.id === id);
}
