export * from './ci-relationship-edge';
export * from './cmdb-relationships-projection';
export * from './cmdb-relationships-queries';
export { forEachFailureEdgeInto, findFailureEdgesOutOf } from './failure-edges';
export { walkImpact, type ImpactWalk, type ImpactWalkOptions } from './impact-walk';
export * from './impact-queries';
export * from './relationship-views';
