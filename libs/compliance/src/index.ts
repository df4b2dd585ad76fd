/**
 * Compliance evidence (issue 12): ISO/IEC 20000-1 evidence packs read from the log, signed with the
 * checkpoint key, zipped reproducibly, and checked as handed over.
 */
export * from './evidence-manifest';
export * from './evidence-pack';
export * from './evidence-report';
