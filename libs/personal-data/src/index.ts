/** Personal data in the log, sealed per person and erasable by deleting the person's key (ADR 20). */
export * from './personal-data-vault';
export { PersonalDataSealer } from './personal-data-sealer';
export { RevealingEventStore, type RevealingOptions } from './revealing-event-store';
export { SqliteVault, type SqliteVaultOptions } from './sqlite-vault';
export { MongoVault, type MongoVaultOptions } from './mongo-vault';
export { openPersonalDataVault } from './open-vault';
export { parseSealed } from './sealed-value';
export { finishRecordedErasure } from './erasure-completion';
