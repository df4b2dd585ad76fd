export * from './configuration-item-document';
export * from './configuration-items-projection';
export * from './configuration-items-queries';
