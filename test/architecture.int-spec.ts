import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The dependency rule of ARCHITECTURE.md is enforced by lint; these specs make each rule fail on a
 * violating file, so a broken lint configuration cannot pass silently.
 */
const ROOT = path.resolve(__dirname, '..');
const ESLINT = path.join(ROOT, 'node_modules', '.bin', 'eslint');

interface LintMessage {
  readonly line: number;
  readonly ruleId: string | null;
  readonly message: string;
}

/** Lints `lines` as if they were the file at `filePath`; returns the messages by line. */
function lint(filePath: string, lines: readonly string[]): LintMessage[] {
  const result = spawnSync(ESLINT, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
    cwd: ROOT,
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as { messages: LintMessage[] }[];
  return report?.messages ?? [];
}

const flaggedLines = (messages: readonly LintMessage[], rule: string) =>
  [...new Set(messages.filter((m) => m.ruleId === rule).map((m) => m.line))].sort((a, b) => a - b);

describe('the architecture, as lint enforces it', () => {
  it('keeps libs/domain free of frameworks, drivers, I/O, our adapters and the clock', () => {
    const messages = lint('libs/domain/src/incident/violation.ts', [
      "import { Injectable } from '@nestjs/common';",
      "import Database from 'better-sqlite3';",
      "import { MongoClient } from 'mongodb';",
      "import { EventStoreDBClient } from '@eventstore/db-client';",
      "import fs from 'node:fs';",
      "import { SqliteEventStore } from '@itsm/event-store';",
      'export const used = [Injectable, Database, MongoClient, EventStoreDBClient, fs, SqliteEventStore];',
      'export const now = () => new Date();',
      'export const later = () => Date.now();',
    ]);
    expect(flaggedLines(messages, 'no-restricted-imports')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(flaggedLines(messages, 'no-restricted-syntax')).toEqual([8, 9]);
    expect(messages.find((m) => m.line === 8)?.message).toMatch(/never reads the clock/);
  });

  it('lets projections use the store ports but never an adapter or a driver', () => {
    const messages = lint('libs/projections/src/x/violation.ts', [
      "import { SqliteReadStore } from '../../../read-store/src/sqlite/sqlite-read-store';",
      "import Database from 'better-sqlite3';",
      "import type { ReadStore } from '@itsm/read-store';",
      'export const used: [unknown, unknown, ReadStore | null] = [SqliteReadStore, Database, null];',
    ]);
    expect(flaggedLines(messages, 'no-restricted-imports')).toEqual([1, 2]);
  });

  it('keeps the write path on the domain and the event store port: no framework, adapter or read model', () => {
    const messages = lint('libs/write-path/src/violation.ts', [
      "import { Injectable } from '@nestjs/common';",
      "import { SqliteEventStore } from '../../event-store/src/sqlite/sqlite-event-store';",
      "import { getIncident } from '@itsm/projections';",
      "import { ProblemException } from '@itsm/platform';",
      "import { incidentDecider } from '@itsm/domain';",
      "import type { EventStore } from '@itsm/event-store';",
      'export const used: unknown[] = [Injectable, SqliteEventStore, getIncident, ProblemException, incidentDecider, null as EventStore | null];',
    ]);
    expect(flaggedLines(messages, 'no-restricted-imports')).toEqual([1, 2, 3, 4]);
  });

  it('keeps test doubles out of product code, and configuration in @itsm/config', () => {
    const messages = lint('apps/command-api/src/violation.ts', [
      "import { Platform } from '../../../test/support/platform-processes';",
      'export const used = Platform;',
      'export const port = process.env.PORT;',
    ]);
    expect(flaggedLines(messages, 'no-restricted-imports')).toEqual([1]);
    expect(messages.find((m) => m.line === 3)?.message).toMatch(/@itsm\/config/);
  });

  it('accepts a pure domain file', () => {
    expect(lint('libs/domain/src/incident/fine.ts', ['export const double = (n: number): number => n * 2;'])).toEqual([]);
  });
});
