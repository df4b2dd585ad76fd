import { randomBytes } from 'node:crypto';
import type { PersonalDataVault } from '../personal-data-vault';

export const A_MASTER_KEY = randomBytes(32);
const NOW = '2026-11-30T09:00:00.000Z';

/** What every vault adapter answers alike. `open` gives a fresh vault, empty. */
export function describeVaultContract(name: string, open: () => Promise<PersonalDataVault>): void {
  describe(`${name}: the personal data vault contract`, () => {
    let vault: PersonalDataVault;
    beforeEach(async () => (vault = await open()));
    afterEach(() => vault.close());

    it("makes a person's key on first use and gives the same key ever after", async () => {
      expect(await vault.keyIdOf('Ada Lovelace')).toBeNull();
      const made = await vault.keyFor('Ada Lovelace', NOW);
      expect(made.key).toHaveLength(32);
      const again = await vault.keyFor('Ada Lovelace', NOW);
      expect(again.keyId).toBe(made.keyId);
      expect(again.key.equals(made.key)).toBe(true);
      expect(await vault.keyIdOf('Ada Lovelace')).toBe(made.keyId);
      expect((await vault.keyFor('Charles Babbage', NOW)).keyId).not.toBe(made.keyId);
    });

    it('takes a name as people type it: case, spacing and Unicode forms aside', async () => {
      const made = await vault.keyFor('  Dave   Trim ', NOW);
      expect((await vault.keyFor('dave trim', NOW)).keyId).toBe(made.keyId);
      expect(await vault.keyIdOf('DAVE TRIM')).toBe(made.keyId);
      expect((await vault.keyFor('Ｄave Trim', NOW)).keyId).toBe(made.keyId); // a full-width letter, NFKC
      expect((await vault.keyFor('Dave Trimm', NOW)).keyId).not.toBe(made.keyId);
    });

    it('makes one key for a person however many ask at the same moment', async () => {
      const made = await Promise.all(Array.from({ length: 8 }, () => vault.keyFor('Grace Hopper', NOW)));
      expect(new Set(made.map((key) => key.keyId)).size).toBe(1);
      expect(new Set(made.map((key) => key.key.toString('hex'))).size).toBe(1);
    });

    it('answers keys by id: the key, erased, or nothing for an id it never made', async () => {
      const ada = await vault.keyFor('Ada Lovelace', NOW);
      const bob = await vault.keyFor('Bob', NOW);
      await vault.erase(bob.keyId, { erasureId: 'e-1', erasedAt: NOW });
      const keys = await vault.keys([ada.keyId, bob.keyId, '00000000-0000-4000-8000-000000000000', ada.keyId]);
      expect(keys.get(ada.keyId)).toEqual(ada.key);
      expect(keys.get(bob.keyId)).toBe('erased');
      expect(keys.has('00000000-0000-4000-8000-000000000000')).toBe(false);
      expect((await vault.keys([])).size).toBe(0);
    });

    it('links streams to their person: the latest link is the stream\'s person, and every link is kept for the erasure', async () => {
      const ada = await vault.keyFor('Ada Lovelace', NOW);
      const bob = await vault.keyFor('Bob', NOW);
      expect(await vault.streamKey('incident-1')).toBeNull();
      await vault.linkStream('incident-2', ada.keyId);
      await vault.linkStream('incident-1', ada.keyId);
      await vault.linkStream('incident-1', ada.keyId);
      await vault.linkStream('incident-3', ada.keyId);
      await vault.linkStream('incident-3', bob.keyId);
      expect(await vault.streamKey('incident-1')).toEqual({ keyId: ada.keyId, key: ada.key });
      expect((await vault.streamKey('incident-3'))?.keyId).toBe(bob.keyId);
      expect(await vault.streamsOf(ada.keyId)).toEqual(['incident-1', 'incident-2', 'incident-3']);
      expect(await vault.streamsOf(bob.keyId)).toEqual(['incident-3']);
    });

    it('erases a key and the name, keeps the key id as erased, and starts afresh for the same name later', async () => {
      const ada = await vault.keyFor('Ada Lovelace', NOW);
      await vault.linkStream('incident-1', ada.keyId);
      await vault.erase(ada.keyId, { erasureId: 'e-1', erasedAt: NOW });
      await vault.erase(ada.keyId, { erasureId: 'e-2', erasedAt: NOW }); // again: nothing changes
      expect(await vault.keyIdOf('Ada Lovelace')).toBeNull();
      expect((await vault.keys([ada.keyId])).get(ada.keyId)).toBe('erased');
      expect(await vault.streamKey('incident-1')).toEqual({ keyId: ada.keyId, key: 'erased' });
      const afresh = await vault.keyFor('Ada Lovelace', NOW);
      expect(afresh.keyId).not.toBe(ada.keyId);
      expect(afresh.key.equals(ada.key)).toBe(false);
    });

    it('answers a ping', async () => {
      await expect(vault.ping()).resolves.toBeUndefined();
    });
  });
}
