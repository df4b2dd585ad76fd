import { PersonalDataSealer } from './personal-data-sealer';
import type { PersonalDataVault } from './personal-data-vault';
import { SqliteVault } from './sqlite-vault';
import { A_MASTER_KEY } from './testing/vault-contract';

const OPEN = { type: 'OpenIncident', data: { title: 'Mail down', caller: 'Ada Lovelace', contactType: 'phone', location: 'Room 5' } };
const OPENED = { type: 'IncidentOpened', data: { incidentId: 'i-1', title: 'Mail down', caller: 'Ada Lovelace', contactType: 'phone', location: 'Room 5' } };
const ERASURE = { erasureId: 'e-1', erasedAt: '2026-12-01T09:00:00.000Z' };

const keyIdOfSealed = (data: unknown) => /^pd1:([0-9a-f-]{36}):/.exec((data as { caller: string }).caller)?.[1];

describe('Sealing one command: the person\'s key is read once for the command, and afresh for the next', () => {
  let vault: SqliteVault;
  let keyReads: number;
  let counted: PersonalDataVault;
  beforeEach(() => {
    vault = new SqliteVault({ filename: ':memory:', masterKey: A_MASTER_KEY });
    keyReads = 0;
    counted = Object.assign(Object.create(vault) as PersonalDataVault, {
      keyFor: (subject: string, now: string) => {
        keyReads++;
        return vault.keyFor(subject, now);
      },
    });
  });
  afterEach(() => vault.close());

  it('fingerprints the request and seals every attempt\'s events under the key read once', async () => {
    const command = new PersonalDataSealer(counted).forOneCommand();
    const fingerprinted = await command.fingerprint('incident-i-1', OPEN);
    const [first] = await command.seal('incident-i-1', [OPENED]);
    const [retried] = await command.seal('incident-i-1', [OPENED]); // a conflict's second attempt
    expect(keyReads).toBe(1);
    expect((fingerprinted.data as { caller: string }).caller).toMatch(/^pdh:/);
    expect(keyIdOfSealed(first?.data)).toBe(await vault.keyIdOf('Ada Lovelace'));
    expect(keyIdOfSealed(retried?.data)).toBe(keyIdOfSealed(first?.data));
  });

  it('reads the key at every call when it serves many commands', async () => {
    const sealer = new PersonalDataSealer(counted);
    await sealer.fingerprint('incident-i-1', OPEN);
    await sealer.seal('incident-i-1', [OPENED]);
    expect(keyReads).toBe(2);
  });

  it('keeps nothing past its command: an erasure between two commands shows to the second', async () => {
    const sealer = new PersonalDataSealer(counted);
    const [before] = await sealer.forOneCommand().seal('incident-i-1', [OPENED]);
    const erasedKey = keyIdOfSealed(before?.data) as string;
    await vault.erase(erasedKey, ERASURE);
    const [after] = await sealer.forOneCommand().seal('incident-i-2', [{ ...OPENED, data: { ...OPENED.data, incidentId: 'i-2' } }]);
    expect(keyIdOfSealed(after?.data)).not.toBe(erasedKey);
    expect(keyIdOfSealed(after?.data)).toBe(await vault.keyIdOf('Ada Lovelace'));
    expect(keyReads).toBe(2);
  });

  it('reads each person\'s key of its own', async () => {
    const command = new PersonalDataSealer(counted).forOneCommand();
    const [ada] = await command.seal('incident-i-1', [OPENED]);
    const [grace] = await command.seal('incident-i-2', [{ ...OPENED, data: { ...OPENED.data, incidentId: 'i-2', caller: 'Grace Hopper' } }]);
    expect(keyIdOfSealed(grace?.data)).toBe(await vault.keyIdOf('Grace Hopper'));
    expect(keyIdOfSealed(grace?.data)).not.toBe(keyIdOfSealed(ada?.data));
    expect(keyReads).toBe(2);
  });
});
