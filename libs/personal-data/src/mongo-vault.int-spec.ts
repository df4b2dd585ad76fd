import { startMongoDouble, type MongoDouble } from '../../../test/support/mongodb-double';
import { MongoVault } from './mongo-vault';
import { A_MASTER_KEY, describeVaultContract } from './testing/vault-contract';

/** Over the in-process wire double always, and over a real server too when MONGO_URL is set. */
const REAL_SERVER = process.env.MONGO_URL;
let double: MongoDouble;
beforeAll(async () => (double = await startMongoDouble()));
afterAll(async () => double.stop());

const RUN = `vault_${process.pid}_${Date.now().toString(36)}`;
let databases = 0;

describeVaultContract('MongoDB (wire double)', () => MongoVault.connect({ url: double.url, database: `${RUN}_${++databases}`, masterKey: A_MASTER_KEY, serverSelectionTimeoutMs: 2000 }));
if (REAL_SERVER !== undefined) {
  describeVaultContract('MongoDB (real server)', () => MongoVault.connect({ url: REAL_SERVER, database: `${RUN}_${++databases}`, masterKey: A_MASTER_KEY }));
}

describe('The MongoDB vault', () => {
  it('finishes an erasure that stopped between its steps when the name is asked for again', async () => {
    const vault = await MongoVault.connect({ url: double.url, database: `${RUN}_${++databases}`, masterKey: A_MASTER_KEY });
    const ada = await vault.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z');
    // The key was erased, the name not yet: as a crash between the two steps leaves it.
    const keys = (vault as unknown as { subjectKeys: { updateOne(filter: object, update: object): Promise<unknown> } }).subjectKeys;
    await keys.updateOne({ _id: ada.keyId }, { $unset: { wrappedKey: '' }, $set: { erasedAt: '2026-11-30T09:01:00.000Z', erasureId: 'e-1' } });
    expect(await vault.keyIdOf('Ada Lovelace')).toBe(ada.keyId);
    const afresh = await vault.keyFor('Ada Lovelace', '2026-11-30T09:02:00.000Z');
    expect(afresh.keyId).not.toBe(ada.keyId);
    expect(await vault.keyIdOf('Ada Lovelace')).toBe(afresh.keyId);
    await vault.close();
  });

  it('says it is unavailable, naming the vault, once MongoDB cannot be reached, and works again when it can', async () => {
    const own = await startMongoDouble();
    const vault = await MongoVault.connect({ url: own.url, database: `${RUN}_${++databases}`, masterKey: A_MASTER_KEY, serverSelectionTimeoutMs: 300 });
    try {
      const ada = await vault.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z');
      await own.stop();
      const unavailable = expect.objectContaining({ name: 'PersonalDataVaultUnavailableError', code: 'personal_data.vault_unavailable' });
      await expect(vault.keyFor('Ada Lovelace', '2026-11-30T09:01:00.000Z')).rejects.toEqual(unavailable);
      await expect(vault.keyFor('Grace Hopper', '2026-11-30T09:01:00.000Z')).rejects.toEqual(unavailable);
      await expect(vault.linkStream('incident-1', ada.keyId)).rejects.toEqual(unavailable);
      await expect(vault.streamKey('incident-1')).rejects.toEqual(unavailable);
      await expect(vault.keys([ada.keyId])).rejects.toEqual(unavailable);
      await expect(vault.erase(ada.keyId, { erasureId: 'e-1', erasedAt: '2026-11-30T09:02:00.000Z' })).rejects.toEqual(unavailable);
      await own.restart();
      expect((await vault.keyFor('Ada Lovelace', '2026-11-30T09:03:00.000Z')).keyId).toBe(ada.keyId);
    } finally {
      await vault.close();
      await own.stop();
    }
  });
});
