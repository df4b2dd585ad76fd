export * from './problem-record-document';
export { evolveProblemRecord, problemRecordProjection, type ProblemRecordEvent } from './problem-record-projection';
export * from './problem-record-queries';
export * from './problem-candidates';
export * from './problem-detail';
