import { workerData } from 'node:worker_threads';
import { groupCommitter, serveWriteGroups } from '@itsm/event-store/sqlite-writing';
import { prepareStatements } from './sqlite-vault-statements';
import { openVaultDatabase, writeToVault, type VaultWrite } from './sqlite-vault-writes';

/** What the vault's writer thread is started with. */
export interface VaultWriterThreadData {
  readonly filename: string;
  readonly busyTimeoutMs: number;
}

/** The vault's writer thread (ADR 25): the app's thread is not stopped while a key or a link is fsynced. */
const { filename, busyTimeoutMs } = workerData as VaultWriterThreadData;
const db = openVaultDatabase(filename, busyTimeoutMs);
const statements = prepareStatements(db);
serveWriteGroups({ commit: groupCommitter(db, (write: VaultWrite) => writeToVault(statements, write)), close: () => db.close() });
