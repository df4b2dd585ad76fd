/** The words of change management that events, commands and state share. */

/**
 * standard: pre-approved work from a template, authorized when raised. normal: assessed and
 * approved by the rule for its risk. emergency: approved by the emergency CAB, and may start
 * before that approval (flagged for a retrospective review).
 */
export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** A standard change template as the handler loads it from configuration: only approved templates are offered. */
export interface StandardTemplate {
  readonly id: string;
  /** Whole number from 1; recorded, so the change shows which revision of the template it followed. */
  readonly version: number;
  readonly content: {
    readonly implementationPlan: string;
    readonly backoutPlan: string;
    readonly testPlan: string;
  };
}

export interface TemplateRef {
  readonly templateId: string;
  readonly templateVersion: number;
}

export const IMPLEMENTATION_OUTCOMES = ['successful', 'failed'] as const;
export type ImplementationOutcome = (typeof IMPLEMENTATION_OUTCOMES)[number];

/** The post-implementation review's verdict. */
export const REVIEW_RESULTS = ['successful', 'successful_with_issues', 'unsuccessful'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

/** Whether the emergency CAB, looking back, stands behind the emergency start. */
export const RETROSPECTIVE_OUTCOMES = ['endorsed', 'not_endorsed'] as const;
export type RetrospectiveOutcome = (typeof RETROSPECTIVE_OUTCOMES)[number];

/** Why an emergency start was flagged: each is a rule a normal change would have been refused for. */
export const FLAG_REASONS = ['not_authorized', 'outside_window'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/**
 * The flag is data on the implementation: set when an emergency change starts while a normal one
 * would be refused, cleared only by the retrospective review, and closure waits for it.
 */
export type RetrospectiveFlag =
  | { readonly retrospectiveReviewRequired: false }
  | {
      readonly retrospectiveReviewRequired: true;
      readonly flagReasons: readonly FlagReason[];
      /** The group whose members may record the review: the emergency approval rule's. */
      readonly reviewerGroup: string;
    };
