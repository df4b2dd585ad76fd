export { csvRecords, CsvFormatError, type CsvRecord } from './csv/csv-rows';
export { DATE_FORMATS, isTimeZone, localTimeReader, type DateFormat } from './local-time';
export { headerProblem, readRow, SERVICENOW_INCIDENT_COLUMNS, type ServiceNowRow } from './servicenow/servicenow-format';
export {
  IMPORT_RUNS_STREAM,
  ImportFormatError,
  importServiceNowIncidents,
  SERVICENOW_SYSTEM,
  type ImportProgress,
  type ImportSummary,
  type ServiceNowImportOptions,
  type SkippedRow,
} from './servicenow/servicenow-import';
