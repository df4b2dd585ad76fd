export * from './ci-history-projection';
export * from './ci-history-queries';
