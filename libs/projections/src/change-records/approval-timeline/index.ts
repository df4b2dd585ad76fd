export * from './approval-line-document';
export { approvalTimelineProjection, evolveApprovalLine } from './approval-timeline-projection';
export * from './approval-timeline-queries';
