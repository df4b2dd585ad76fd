import type { ReadStore } from '../read-store';

const T0 = new Date('2026-05-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

/** Leases keep a standby projector from running a projection another projector runs. */
export function describeLeaseContract(storeOf: () => ReadStore): void {
  describe('leases', () => {
    it('gives a free lease to the first owner and refuses it to another until it expires', async () => {
      const store = storeOf();
      expect(await store.acquireLease('contract_lease', 'projector-a', 10_000, T0)).toBe(true);
      expect(await store.acquireLease('contract_lease', 'projector-b', 10_000, later(9_999))).toBe(false);
      expect(await store.acquireLease('contract_lease', 'projector-b', 10_000, later(10_000))).toBe(true);
      expect(await store.acquireLease('contract_lease', 'projector-a', 10_000, later(10_001))).toBe(false);
    });

    it('lets the holder renew, which pushes the expiry out', async () => {
      const store = storeOf();
      await store.acquireLease('contract_lease', 'projector-a', 10_000, T0);
      expect(await store.acquireLease('contract_lease', 'projector-a', 10_000, later(8_000))).toBe(true);
      expect(await store.acquireLease('contract_lease', 'projector-b', 10_000, later(12_000))).toBe(false);
    });

    it('frees a released lease at once, but only for its holder', async () => {
      const store = storeOf();
      await store.acquireLease('contract_lease', 'projector-a', 10_000, T0);
      await store.releaseLease('contract_lease', 'projector-b');
      expect(await store.acquireLease('contract_lease', 'projector-b', 10_000, later(1))).toBe(false);
      await store.releaseLease('contract_lease', 'projector-a');
      expect(await store.acquireLease('contract_lease', 'projector-b', 10_000, later(2))).toBe(true);
    });

    it('keeps leases of different names apart', async () => {
      const store = storeOf();
      expect(await store.acquireLease('contract_lease_1', 'projector-a', 10_000, T0)).toBe(true);
      expect(await store.acquireLease('contract_lease_2', 'projector-b', 10_000, T0)).toBe(true);
    });

    it('gives a contested free lease to exactly one of two owners asking at once', async () => {
      const store = storeOf();
      const answers = await Promise.all(['projector-a', 'projector-b'].map((owner) => store.acquireLease('contract_race', owner, 10_000, T0)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });
  });
}
