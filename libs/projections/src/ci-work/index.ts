export * from './ci-work-projection';
export * from './ci-work-queries';
