export * from './sla-clock-document';
export * from './sla-clocks-projection';
export * from './sla-clocks-queries';
