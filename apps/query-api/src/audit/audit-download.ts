import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AUDIT_EVENT_FIELDS, auditRecordOf, csvCell, type AuditEventDocument, type AuditExport, type AuditRecord } from '@itsm/projections';
import type { AuditDownloadFormat } from './audit-events.dto';

/** The header row: the fields of an audit record, always these, in this order. */
export const CSV_HEADER = `${AUDIT_EVENT_FIELDS.join(',')}\r\n`;

export function csvRow(record: AuditRecord): string {
  return `${AUDIT_EVENT_FIELDS.map((field) => csvCell(record[field])).join(',')}\r\n`;
}

export function jsonLine(record: AuditRecord): string {
  return `${JSON.stringify(record)}\n`;
}

const encoders: Record<AuditDownloadFormat, { readonly header: string; readonly row: (record: AuditRecord) => string; readonly extension: string }> = {
  csv: { header: CSV_HEADER, row: csvRow, extension: 'csv' },
  jsonl: { header: '', row: jsonLine, extension: 'jsonl' },
};

/**
 * The export as a file streamed to the client, a page of the read model at a time: the stream
 * asks for the next page only when the socket has taken the previous one (backpressure), and a
 * client that goes away stops the reading. The first page is read before answering, so a failure
 * there is still a problem+json. A failure after the first bytes cannot change the status any more:
 * the connection is then destroyed, without the chunked encoding's last chunk, so the client sees
 * a broken transfer, never a short file that looks complete.
 */
export async function auditDownload(exported: AuditExport, format: AuditDownloadFormat, mediaType: string): Promise<StreamableFile> {
  const encoder = encoders[format];
  const pages = exported.pages[Symbol.asyncIterator]();
  const first = await pages.next();
  async function* chunks(): AsyncGenerator<string> {
    try {
      let page = first;
      if (encoder.header !== '') yield encoder.header;
      while (page.done !== true) {
        yield page.value.map((document: AuditEventDocument) => encoder.row(auditRecordOf(document))).join('');
        page = await pages.next();
      }
    } finally {
      await pages.return?.();
    }
  }
  // Readable.from asks for one chunk (one page) ahead of what the socket has taken.
  const stream = Readable.from(chunks());
  const filename = `audit-events-${exported.through ?? 'empty'}.${encoder.extension}`;
  return new StreamableFile(stream, { type: `${mediaType}; charset=utf-8${format === 'csv' ? '; header=present' : ''}`, disposition: `attachment; filename="${filename}"` });
}
