export * from './log-checkpoint-document';
export * from './log-checkpoints-projection';
export * from './log-checkpoints-queries';
