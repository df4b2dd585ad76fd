export * from './ci-relationship-edge';
export * from './cmdb-relationships-projection';
export * from './cmdb-relationships-queries';
