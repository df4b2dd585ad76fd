export * from './ci-history-projection';
export * from './ci-history-queries';
export * from './cmdb-as-of-page';
