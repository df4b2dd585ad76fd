export * from './change-record-document';
export { changeRecordProjection, evolveChangeRecord } from './change-record-projection';
export * from './change-record-queries';
export * from './approval-timeline';
export * from './conflict-mentions';
