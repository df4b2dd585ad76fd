import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The dependency rule of ARCHITECTURE.md is enforced by `npm run lint`: dependency-cruiser on resolved module
 * paths (.dependency-cruiser.cjs) and ESLint for what a path cannot show. These specs make each rule fail on a
 * violating file, so a broken configuration cannot pass silently.
 */
const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

describe('the architecture, as ESLint enforces it', () => {
  interface LintMessage {
    readonly line: number;
    readonly ruleId: string | null;
    readonly message: string;
  }

  /** Lints `lines` as if they were the file at `filePath`; returns the messages by line. */
  function lint(filePath: string, lines: readonly string[]): LintMessage[] {
    const result = spawnSync(path.join(BIN, 'eslint'), ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
      cwd: ROOT,
      input: lines.join('\n') + '\n',
      encoding: 'utf8',
    });
    const [report] = JSON.parse(result.stdout) as { messages: LintMessage[] }[];
    return report?.messages ?? [];
  }

  const flaggedLines = (messages: readonly LintMessage[], rule: string) =>
    [...new Set(messages.filter((m) => m.ruleId === rule).map((m) => m.line))].sort((a, b) => a - b);

  it('keeps the clock and Math.random out of libs/domain', () => {
    const messages = lint('libs/domain/src/incident/violation.ts', [
      'export const now = () => new Date();',
      'export const later = () => Date.now();',
      'export const dice = () => Math.random();',
      "export const fixed = () => new Date('2026-01-01T00:00:00Z');",
    ]);
    expect(flaggedLines(messages, 'no-restricted-syntax')).toEqual([1, 2, 3]);
    expect(messages.find((m) => m.line === 1)?.message).toMatch(/never reads the clock/);
  });

  it('keeps configuration in @itsm/config', () => {
    const messages = lint('apps/command-api/src/violation.ts', ['export const port = process.env.PORT;']);
    expect(flaggedLines(messages, 'no-restricted-syntax')).toEqual([1]);
    expect(messages[0]?.message).toMatch(/@itsm\/config/);
    expect(lint('libs/config/src/fine.ts', ['export const port = process.env.PORT;'])).toEqual([]);
  });

  it('accepts a pure domain file', () => {
    expect(lint('libs/domain/src/incident/fine.ts', ['export const double = (n: number): number => n * 2;'])).toEqual([]);
  });
});

/**
 * A small tree in the layout of this repository: allowed imports everywhere, and violating files, most
 * named after the rule they break. The real rule set runs over it without the repository's known violations.
 */
const ALIASES = ['domain', 'event-store', 'read-store', 'projections', 'config', 'platform', 'write-path', 'migration', 'compliance', 'personal-data'];

const TREE: Record<string, readonly string[]> = {
  // The domain, with a test helper that may use node modules.
  'libs/domain/src/index.ts': ["export * from './incident';"],
  'libs/domain/src/incident.ts': ["export type IncidentOpened = { readonly type: 'IncidentOpened' };", 'export const evolve = (n: number) => n + 1;'],
  'libs/domain/src/testing/fixtures.ts': ["import { randomUUID } from 'node:crypto';", "import { evolve } from '../incident';", 'export const f = [randomUUID, evolve];'],
  'libs/domain/src/violations.ts': [
    "import { Injectable } from '@nestjs/common';",
    "import Database from 'better-sqlite3';",
    "import { MongoClient } from 'mongodb';",
    "import fs from 'node:fs';",
    "import type { EventStore } from '@itsm/event-store';",
    'export const v: unknown[] = [Injectable, Database, MongoClient, fs, null as EventStore | null];',
  ],

  // The event store: its port entry, the full barrel that adds the adapters (the wiring's entry), and two adapters.
  'libs/event-store/src/event-store.ts': ["export type Position = string;", 'export interface EventStore { head(): Position }'],
  'libs/event-store/src/signals.ts': ['export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));'],
  'libs/event-store/src/port.ts': ["export * from './event-store';", "export { sleep } from './signals';"],
  'libs/event-store/src/index.ts': [
    "export * from './port';",
    "export { MemoryEventStore } from './memory/memory-event-store';",
    "export { SqliteEventStore } from './sqlite/sqlite-event-store';",
  ],
  'libs/event-store/src/memory/memory-event-store.ts': ["import type { EventStore } from '../event-store';", "export class MemoryEventStore implements EventStore { head() { return ''; } }"],
  'libs/event-store/src/sqlite/sqlite-event-store.ts': [
    "import Database from 'better-sqlite3';",
    "import type { EventStore } from '../event-store';",
    "export class SqliteEventStore implements EventStore { db = Database; head() { return ''; } }",
  ],
  'libs/event-store/src/testing/contract.ts': ["import { MemoryEventStore } from '../memory/memory-event-store';", 'export const c = MemoryEventStore;'],
  'libs/event-store/src/subscription.ts': ["import { SqliteEventStore } from './sqlite/sqlite-event-store';", 'export const s = SqliteEventStore;'],
  'libs/event-store/src/event-store-stands-alone.ts': [
    "import type { IncidentOpened } from '@itsm/domain';",
    "import type { AppConfig } from '@itsm/config';",
    'export type V = [IncidentOpened, AppConfig];',
  ],

  // The read store: its port takes the event store's Position as a type.
  'libs/read-store/src/read-store.ts': ["import type { Position } from '@itsm/event-store/port';", 'export interface ReadStore { checkpoint(): Position }'],
  'libs/read-store/src/port.ts': ["export * from './read-store';"],
  'libs/read-store/src/index.ts': ["export * from './port';", "export { SqliteReadStore } from './sqlite/sqlite-read-store';"],
  'libs/read-store/src/sqlite/sqlite-read-store.ts': [
    "import Database from 'better-sqlite3';",
    "import type { ReadStore } from '../read-store';",
    "export class SqliteReadStore implements ReadStore { db = Database; checkpoint() { return ''; } }",
  ],
  'libs/read-store/src/mongodb/mongo-read-store.ts': [
    "import { MongoClient } from 'mongodb';",
    "import { SqliteReadStore } from '../sqlite/sqlite-read-store';",
    'export const m = [MongoClient, SqliteReadStore];',
  ],
  'libs/read-store/src/read-store-stands-alone.ts': [
    "import type { IncidentDetail } from '@itsm/projections';",
    "import type { IncidentOpened } from '@itsm/domain';",
    'export type V = [IncidentDetail, IncidentOpened];',
  ],
  'libs/read-store/src/stores-share-only-types.ts': ["import { sleep } from '@itsm/event-store';", 'export const v = sleep;'],

  // Projections: domain types and values, the ports' types, their own test helpers in specs.
  'libs/projections/src/index.ts': ["export * from './incident-detail';"],
  'libs/projections/src/incident-detail.ts': [
    "import { evolve, type IncidentOpened } from '@itsm/domain';",
    "import type { Position } from '@itsm/event-store/port';",
    "import { type ReadStore } from '@itsm/read-store/port';",
    'export type IncidentDetail = { readonly at: Position; readonly last: IncidentOpened };',
    'export const projectionLag = (store: ReadStore) => evolve(store.checkpoint().length);',
  ],
  'libs/projections/src/testing/replay.ts': [
    "import { MemoryEventStore } from '@itsm/event-store';",
    "import { SqliteReadStore } from '../../../read-store/src/sqlite/sqlite-read-store';",
    "import { double } from '../../../../test/support/double';",
    'export const replay = [MemoryEventStore, SqliteReadStore, double];',
  ],
  'libs/projections/src/incident-detail.spec.ts': [
    "import { replay } from './testing/replay';",
    "import { SqliteEventStore } from '../../event-store/src/sqlite/sqlite-event-store';",
    'export const s = [replay, SqliteEventStore];',
  ],
  'libs/projections/src/projections-see-domain-and-ports.ts': [
    "import Database from 'better-sqlite3';",
    "import { Injectable } from '@nestjs/common';",
    "import type { AppConfig } from '@itsm/config';",
    "import { WritePath } from '@itsm/write-path';",
    "import { stores } from '@itsm/platform';",
    'export const v: unknown[] = [Database, Injectable, null as AppConfig | null, WritePath, stores];',
  ],
  'libs/projections/src/adapter-through-a-barrel.ts': ["import { SqliteReadStore } from '@itsm/read-store';", 'export const v = SqliteReadStore;'],
  'libs/projections/src/adapter-by-a-relative-path.ts': ["import { SqliteReadStore } from '../../read-store/src/sqlite/sqlite-read-store';", 'export const v = SqliteReadStore;'],
  'libs/projections/src/port-by-a-relative-path.ts': ["import type { ReadStore } from '../../read-store/src/read-store';", 'export type V = ReadStore;'],
  'libs/projections/src/uses-a-test-helper.ts': ["import { replay } from './testing/replay';", 'export const v = replay;'],
  'libs/projections/src/cycle-a.ts': ["import { b } from './cycle-b';", 'export const a = () => b;'],
  'libs/projections/src/cycle-b.ts': ["import type { a } from './cycle-a';", 'export const b = 1;', 'export type A = typeof a;'],
  'libs/projections/src/imports-an-app.spec.ts': ["import { bootstrap } from '../../../apps/command-api/src/main';", 'export const v = bootstrap;'],

  // The write path: the domain, the event store port, node:crypto.
  'libs/write-path/src/index.ts': ["export * from './write-path';"],
  'libs/write-path/src/write-path.ts': [
    "import { createHash } from 'node:crypto';",
    "import { evolve } from '@itsm/domain';",
    "import type { EventStore } from '@itsm/event-store/port';",
    'export class PreconditionFailed extends Error {}',
    'export class WritePath { constructor(readonly store: EventStore) {} hash = createHash; evolve = evolve; }',
  ],
  'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts': [
    "import type { ReadStore } from '@itsm/read-store';",
    "import { projectionLag } from '@itsm/projections';",
    "import { Injectable } from '@nestjs/common';",
    "import fs from 'node:fs';",
    "import { MemoryEventStore } from '@itsm/event-store';",
    'export const v: unknown[] = [null as ReadStore | null, projectionLag, Injectable, fs, MemoryEventStore];',
  ],

  // An importer: the domain, the write path, the event store port and node's file modules.
  'libs/migration/src/index.ts': [
    "import { incidentStream } from '@itsm/domain';",
    "import { WritePath } from '@itsm/write-path';",
    "import type { EventStore } from '@itsm/event-store/port';",
    "import fs from 'node:fs';",
    "import readline from 'node:readline';",
    "import { createHash } from 'node:crypto';",
    'export const importer: unknown[] = [incidentStream, WritePath, null as EventStore | null, fs, readline, createHash];',
  ],
  'libs/migration/src/migration-sees-domain-write-path-and-event-store-port.ts': [
    "import type { ReadStore } from '@itsm/read-store/port';",
    "import { projectionLag } from '@itsm/projections';",
    "import { Injectable } from '@nestjs/common';",
    "import { MemoryEventStore } from '@itsm/event-store';",
    'export const v: unknown[] = [null as ReadStore | null, projectionLag, Injectable, MemoryEventStore];',
  ],

  // Evidence packs: the domain, the projections' helpers, the event store port, node:crypto and fflate.
  'libs/compliance/src/index.ts': [
    "import { incidentStream } from '@itsm/domain';",
    "import { projectionLag } from '@itsm/projections';",
    "import type { EventStore } from '@itsm/event-store/port';",
    "import { createHash } from 'node:crypto';",
    "import { zipSync } from 'fflate';",
    'export const packs: unknown[] = [incidentStream, projectionLag, null as EventStore | null, createHash, zipSync];',
  ],
  'libs/compliance/src/compliance-sees-domain-projections-and-event-store-port.ts': [
    "import { WritePath } from '@itsm/write-path';",
    "import { Injectable } from '@nestjs/common';",
    "import fs from 'node:fs';",
    "import { MemoryEventStore } from '@itsm/event-store';",
    'export const v: unknown[] = [WritePath, Injectable, fs, MemoryEventStore];',
  ],

  // Personal data: the domain's map, configuration, the event store, node:crypto and the two drivers.
  'libs/personal-data/src/index.ts': [
    "import { ERASED } from '@itsm/domain';",
    "import type { AppConfig } from '@itsm/config';",
    "import type { EventStore } from '@itsm/event-store/port';",
    "import { MemoryEventStore } from '@itsm/event-store';",
    "import { createCipheriv } from 'node:crypto';",
    "import Database from 'better-sqlite3';",
    "import { MongoClient } from 'mongodb';",
    'export const vault: unknown[] = [ERASED, null as AppConfig | null, null as EventStore | null, MemoryEventStore, createCipheriv, Database, MongoClient];',
  ],
  'libs/personal-data/src/personal-data-sees-domain-config-and-event-store.ts': [
    "import { WritePath } from '@itsm/write-path';",
    "import type { ReadStore } from '@itsm/read-store/port';",
    "import { Injectable } from '@nestjs/common';",
    'export const v: unknown[] = [WritePath, null as ReadStore | null, Injectable];',
  ],

  // Configuration: its schema library and node modules, nothing of ours.
  'libs/config/src/index.ts': ["import { z } from 'zod';", "import fs from 'node:fs';", 'export type AppConfig = { port: number };', 'export const schema = [z, fs];'],
  'libs/config/src/config-stands-alone.ts': [
    "import type { EventStore } from '@itsm/event-store';",
    "import { evolve } from '@itsm/domain';",
    'export const v: unknown[] = [null as EventStore | null, evolve];',
  ],

  // Another lib, which the platform has no business with.
  'libs/notifications/src/index.ts': ['export const notify = () => undefined;'],

  // The platform: the wiring picks adapters; HTTP maps errors; health reports projection lag.
  'libs/platform/src/index.ts': ["export * from './stores/stores';"],
  'libs/platform/src/stores/stores.ts': [
    "import { SqliteEventStore, type EventStore } from '@itsm/event-store';",
    "import { SqliteReadStore } from '@itsm/read-store/sqlite';",
    "import type { AppConfig } from '@itsm/config';",
    'export const stores = (_c: AppConfig): [EventStore, unknown] => [new SqliteEventStore(), SqliteReadStore];',
  ],
  'libs/platform/src/http/problem.filter.ts': [
    "import { Injectable } from '@nestjs/common';",
    "import { evolve } from '@itsm/domain';",
    "import { PreconditionFailed } from '@itsm/write-path';",
    "import { sleep } from '@itsm/event-store';",
    'export const f = [Injectable, evolve, PreconditionFailed, sleep];',
  ],
  'libs/platform/src/health/store-checks.ts': ["import { projectionLag } from '@itsm/projections';", 'export const c = projectionLag;'],
  'libs/platform/src/auth/platform-sees-ports-and-config.ts': [
    "import { evolve } from '@itsm/domain';",
    "import { projectionLag } from '@itsm/projections';",
    "import { notify } from '../../../notifications/src/index';",
    'export const v = [evolve, projectionLag, notify];',
  ],
  'libs/platform/src/http/imports-an-app.ts': ["import { bootstrap } from '../../../../apps/command-api/src/main';", 'export const v = bootstrap;'],

  // Apps: libraries through their aliases, barrels included; never another app or a test double.
  'apps/command-api/src/main.ts': [
    "import { Injectable } from '@nestjs/common';",
    "import { stores } from '@itsm/platform';",
    "import { WritePath } from '@itsm/write-path';",
    "import { projectionLag } from '@itsm/projections';",
    "import { sleep } from '@itsm/event-store';",
    'export const bootstrap = [Injectable, stores, WritePath, projectionLag, sleep];',
  ],
  'apps/command-api/src/http.int-spec.ts': [
    "import { serve } from '../../query-api/src/main';",
    "import { double } from '../../../test/support/double';",
    'export const s = [serve, double];',
  ],
  'apps/command-api/src/no-test-code-in-production.ts': ["import { double } from '../../../test/support/double';", 'export const v = double;'],
  'apps/command-api/src/adapters-only-in-the-wiring.ts': ["import { SqliteReadStore } from '@itsm/read-store/sqlite';", 'export const v = SqliteReadStore;'],
  'apps/query-api/src/main.ts': ["import { projectionLag } from '@itsm/projections';", 'export const serve = projectionLag;'],
  'apps/query-api/src/apps-stand-apart.ts': ["import { bootstrap } from '../../command-api/src/main';", 'export const v = bootstrap;'],
  'apps/query-api/src/resolvable.ts': ["import { gone } from './no-such-file';", 'export const v = gone;'],

  // Tests and their doubles.
  'test/support/double.ts': ["import { MemoryEventStore } from '../../libs/event-store/src/memory/memory-event-store';", 'export const double = MemoryEventStore;'],
  'scripts/start.ts': ["import { schema } from '@itsm/config';", "import { stores } from '@itsm/platform';", 'export const start = [schema, stores];'],
};

/** Every violation the rules must find in TREE, as `rule: from → to`. Nothing else may be flagged. */
const EXPECTED: Record<string, readonly string[]> = {
  'domain-is-pure': [
    'libs/domain/src/violations.ts → @nestjs/common',
    'libs/domain/src/violations.ts → better-sqlite3',
    'libs/domain/src/violations.ts → mongodb',
    'libs/domain/src/violations.ts → fs', // node:fs, resolved
    'libs/domain/src/violations.ts → libs/event-store/src/index.ts',
  ],
  'projections-see-domain-and-ports': [
    'libs/projections/src/projections-see-domain-and-ports.ts → better-sqlite3',
    'libs/projections/src/projections-see-domain-and-ports.ts → @nestjs/common',
    'libs/projections/src/projections-see-domain-and-ports.ts → libs/config/src/index.ts',
    'libs/projections/src/projections-see-domain-and-ports.ts → libs/write-path/src/index.ts',
    'libs/projections/src/projections-see-domain-and-ports.ts → libs/platform/src/index.ts',
    'libs/projections/src/adapter-by-a-relative-path.ts → libs/read-store/src/sqlite/sqlite-read-store.ts',
  ],
  'no-adapters-through-a-barrel': [
    // Type-only imports too: the full barrel ties the code to the adapters and their drivers.
    'libs/domain/src/violations.ts → libs/event-store/src/index.ts',
    'libs/config/src/config-stands-alone.ts → libs/event-store/src/index.ts',
    'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts → libs/read-store/src/index.ts',
    'libs/projections/src/adapter-through-a-barrel.ts → libs/read-store/src/index.ts',
    'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts → libs/event-store/src/index.ts',
    'libs/read-store/src/stores-share-only-types.ts → libs/event-store/src/index.ts',
    'libs/migration/src/migration-sees-domain-write-path-and-event-store-port.ts → libs/event-store/src/index.ts',
    'libs/compliance/src/compliance-sees-domain-projections-and-event-store-port.ts → libs/event-store/src/index.ts',
  ],
  'personal-data-sees-domain-config-and-event-store': [
    'libs/personal-data/src/personal-data-sees-domain-config-and-event-store.ts → libs/write-path/src/index.ts',
    'libs/personal-data/src/personal-data-sees-domain-config-and-event-store.ts → libs/read-store/src/port.ts',
    'libs/personal-data/src/personal-data-sees-domain-config-and-event-store.ts → @nestjs/common',
  ],
  'compliance-sees-domain-projections-and-event-store-port': [
    'libs/compliance/src/compliance-sees-domain-projections-and-event-store-port.ts → libs/write-path/src/index.ts',
    'libs/compliance/src/compliance-sees-domain-projections-and-event-store-port.ts → @nestjs/common',
    'libs/compliance/src/compliance-sees-domain-projections-and-event-store-port.ts → fs',
  ],
  'write-path-sees-domain-and-event-store-port': [
    'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts → libs/read-store/src/index.ts',
    'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts → libs/projections/src/index.ts',
    'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts → @nestjs/common',
    'libs/write-path/src/write-path-sees-domain-and-event-store-port.ts → fs',
  ],
  'migration-sees-domain-write-path-and-event-store-port': [
    'libs/migration/src/migration-sees-domain-write-path-and-event-store-port.ts → libs/read-store/src/port.ts',
    'libs/migration/src/migration-sees-domain-write-path-and-event-store-port.ts → libs/projections/src/index.ts',
    'libs/migration/src/migration-sees-domain-write-path-and-event-store-port.ts → @nestjs/common',
  ],
  'event-store-stands-alone': [
    'libs/event-store/src/event-store-stands-alone.ts → libs/domain/src/index.ts',
    'libs/event-store/src/event-store-stands-alone.ts → libs/config/src/index.ts',
  ],
  'read-store-stands-alone': [
    'libs/read-store/src/read-store-stands-alone.ts → libs/projections/src/index.ts',
    'libs/read-store/src/read-store-stands-alone.ts → libs/domain/src/index.ts',
  ],
  'stores-share-only-types': ['libs/read-store/src/stores-share-only-types.ts → libs/event-store/src/index.ts'],
  'config-stands-alone': [
    'libs/config/src/config-stands-alone.ts → libs/event-store/src/index.ts',
    'libs/config/src/config-stands-alone.ts → libs/domain/src/index.ts',
  ],
  'platform-sees-ports-and-config': ['libs/platform/src/auth/platform-sees-ports-and-config.ts → libs/notifications/src/index.ts'],
  'platform-maps-errors-only-in-http': ['libs/platform/src/auth/platform-sees-ports-and-config.ts → libs/domain/src/index.ts'],
  'platform-sees-projections-only-in-health': ['libs/platform/src/auth/platform-sees-ports-and-config.ts → libs/projections/src/index.ts'],
  'adapters-only-in-the-wiring': [
    'libs/event-store/src/subscription.ts → libs/event-store/src/sqlite/sqlite-event-store.ts',
    'libs/projections/src/adapter-by-a-relative-path.ts → libs/read-store/src/sqlite/sqlite-read-store.ts',
    'apps/command-api/src/adapters-only-in-the-wiring.ts → libs/read-store/src/sqlite/sqlite-read-store.ts',
  ],
  'adapters-stand-apart': ['libs/read-store/src/mongodb/mongo-read-store.ts → libs/read-store/src/sqlite/sqlite-read-store.ts'],
  'no-lib-imports-an-app': [
    'libs/projections/src/imports-an-app.spec.ts → apps/command-api/src/main.ts',
    'libs/platform/src/http/imports-an-app.ts → apps/command-api/src/main.ts',
  ],
  'apps-stand-apart': ['apps/query-api/src/apps-stand-apart.ts → apps/command-api/src/main.ts'],
  'no-test-code-in-production': [
    'apps/command-api/src/no-test-code-in-production.ts → test/support/double.ts',
    'libs/projections/src/uses-a-test-helper.ts → libs/projections/src/testing/replay.ts',
  ],
  'libs-are-entered-by-their-alias': [
    'libs/projections/src/port-by-a-relative-path.ts → libs/read-store/src/read-store.ts',
    'libs/projections/src/adapter-by-a-relative-path.ts → libs/read-store/src/sqlite/sqlite-read-store.ts',
    'libs/platform/src/auth/platform-sees-ports-and-config.ts → libs/notifications/src/index.ts',
    'libs/platform/src/http/imports-an-app.ts → apps/command-api/src/main.ts',
    'apps/query-api/src/apps-stand-apart.ts → apps/command-api/src/main.ts',
  ],
  // A cycle is reported once, at the edge where it was found; this one closes through a type-only import.
  'no-circular': ['libs/projections/src/cycle-a.ts → libs/projections/src/cycle-b.ts'],
  resolvable: ['apps/query-api/src/resolvable.ts → ./no-such-file'],
};

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** Runs the repository's rules in `cwd`; returns what they flag. */
function cruise(cwd: string, args: readonly string[]): Violation[] {
  const rules = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-rules-')), 'rules.cjs');
  fs.writeFileSync(
    rules,
    `const rules = require(${JSON.stringify(path.join(ROOT, '.dependency-cruiser.cjs'))});\n` +
      'module.exports = { ...rules, options: { ...rules.options, knownViolations: [] } };\n',
  );
  try {
    const result = spawnSync(path.join(BIN, 'depcruise'), [...args, '--config', rules, '--output-type', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (!result.stdout) throw new Error(`depcruise produced no report: ${result.stderr}`);
    return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    fs.rmSync(path.dirname(rules), { recursive: true, force: true });
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CONFIG = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string }[] };

/** An npm module's resolved path, `.../node_modules/better-sqlite3/lib/index.js`, shown as its name. */
const shortName = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');

describe('the architecture, as dependency-cruiser enforces it on resolved paths', () => {
  let found: Record<string, string[]>;
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-architecture-'));
    for (const [file, lines] of Object.entries(TREE)) {
      fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
    }
    const paths = Object.fromEntries(ALIASES.map((lib) => [`@itsm/${lib}`, [`libs/${lib}/src`]]));
    // An entry of its own for one adapter, as the wiring would have once the barrels hold the port only.
    paths['@itsm/read-store/sqlite'] = ['libs/read-store/src/sqlite/sqlite-read-store'];
    paths['@itsm/event-store/port'] = ['libs/event-store/src/port'];
    paths['@itsm/read-store/port'] = ['libs/read-store/src/port'];
    const compilerOptions = { module: 'commonjs', moduleResolution: 'node', baseUrl: '.', paths };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    found = {};
    for (const { rule, from, to } of cruise(dir, ['apps', 'libs', 'test', 'scripts'])) (found[rule.name] ??= []).push(`${from} → ${shortName(to)}`);
  }, 60_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const flagged = (rule: string) => [...(found[rule] ?? [])].sort();

  it.each(Object.keys(EXPECTED))('%s fails on its violating files', (rule) => {
    expect(flagged(rule)).toEqual([...EXPECTED[rule]].sort());
  });

  it('flags nothing else: every allowed import in the tree passes', () => {
    expect(Object.keys(found).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('has a violating file for every rule of the configuration', () => {
    expect(CONFIG.forbidden.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});
