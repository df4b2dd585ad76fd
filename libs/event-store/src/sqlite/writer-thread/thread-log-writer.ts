import type { AppendResult } from '../../event-store';
import type { AppendRequest, LogWriter } from '../group-commit';
import { WriterThread } from './writer-thread';

/** What the log's writer thread is started with. */
export interface LogWriterThreadData {
  readonly filename: string;
  readonly busyTimeoutMs: number;
}

/** The log's appends written on a thread of its own (ADR 25; the thread runs log-writer.worker). */
export class ThreadLogWriter implements LogWriter {
  private readonly thread: WriterThread<AppendRequest, AppendResult>;

  constructor(data: LogWriterThreadData, onCommitted: () => void) {
    this.thread = new WriterThread(`${__dirname}/log-writer.worker`, data, (committed) => {
      if (committed > 0) onCommitted();
    });
  }

  submit(request: AppendRequest): Promise<AppendResult> {
    return this.thread.submit(request);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
