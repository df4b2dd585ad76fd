export * from './audit-event-document';
export { auditTrailProjection, evolveAuditEvent } from './audit-trail-projection';
export * from './audit-trail-queries';
export { KNOWN_STREAM_TYPE_NAMES, streamTypeOf } from './stream-types';
