export * from './conflict-mention-document';
export { conflictMentionsProjection } from './conflict-mentions-projection';
export * from './conflict-mentions-queries';
