export * from './problem-record-document';
export { evolveProblemRecord, problemRecordProjection } from './problem-record-projection';
export * from './problem-record-queries';
export * from './problem-candidates';
