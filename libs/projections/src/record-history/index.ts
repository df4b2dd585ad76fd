export { ciHistoryFromLog } from './ci-history-from-log';
export { fieldChanges, type FieldChange } from './field-changes';
export type { HistoryEntry, HistoryPage } from './history-entry';
export { recordAsOf, type AsOfPoint, type RecordAsOf, type Reflects } from './record-as-of';
export { RecordFolds } from './record-folds';
export { recordHistory } from './record-history';
export { RECORD_KIND_NAMES, RECORD_KINDS, type RecordKind, type RecordKindName, type RecordState } from './record-kinds';
