import { ciNameStream, configurationItemStream } from '@itsm/domain';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { ciHistory } from './testing/ci-test-history';
import { configurationItemsProjection } from './configuration-items-projection';
import { getConfigurationItem, listConfigurationItems } from './configuration-items-queries';

const after = (log: TestEventLog) => replay(configurationItemsProjection, [log.events]);

describe('configuration items projection', () => {
  it('registers a complete document, with who registered it and when', () => {
    const log = new TestEventLog();
    const registered = ciHistory(log, 'WEB').registered({ name: 'web-01', attributes: { os: 'linux' } }, { actor: 'ops.olga' });
    expect(after(log).get('WEB')).toEqual({
      id: 'WEB',
      _position: registered.position,
      name: 'web-01',
      ciClass: 'server',
      isService: false,
      criticality: 2,
      status: 'in_use',
      ownerGroup: 'infra',
      attributes: { os: 'linux' },
      registeredAt: '2024-03-01T09:00:00.000Z',
      registeredBy: 'ops.olga',
      updatedAt: '2024-03-01T09:00:00.000Z',
      updatedBy: 'ops.olga',
      revision: 0,
    });
  });

  it("moves the source's revision on a relationship, leaving the target's document as it was", () => {
    const log = new TestEventLog();
    ciHistory(log, 'APP').registered({ ciClass: 'application' });
    const server = ciHistory(log, 'SRV').registered();
    const related = ciHistory(log, 'APP').related('runs_on', 'SRV', { actor: 'ops.olga' });
    expect(after(log).get('APP')).toMatchObject({ revision: 1, updatedBy: 'ops.olga', updatedAt: related.metadata.occurredAt, _position: related.position });
    expect(after(log).get('SRV')).toMatchObject({ revision: 0, _position: server.position });
    expect(after(log).get('APP')).not.toHaveProperty('relationships');
  });

  it('follows renames, attributes and retirement; ignores the name registry', () => {
    const log = new TestEventLog();
    const ci = ciHistory(log, 'DB');
    ci.registered({ name: 'db-01', attributes: { engine: 'pg', size: 10 } });
    log.record(ciNameStream('db-01'), { type: 'CiNameReserved', data: { normalisedName: 'db-01', name: 'db-01', ciId: 'DB' } });
    ci.renamed('db-main', 'db-01', { actor: 'ops.olga' });
    ci.attributesUpdated({ size: 20 }, ['engine']);
    ci.retired();
    expect(after(log).get('DB')).toMatchObject({ name: 'db-main', attributes: { size: 20 }, status: 'retired', revision: 3 });
    expect(after(log).size).toBe(1);
  });

  it('leaves exactly this document after a status change, a new owner group, attributes set and unset, and a relationship', () => {
    const log = new TestEventLog();
    const ci = ciHistory(log, 'DB');
    ci.registered({ name: 'db-01', ciClass: 'database', attributes: { engine: 'pg', size: 10 } }); // 09:00
    log.record(configurationItemStream('DB'), { type: 'ConfigurationItemStatusChanged', data: { ciId: 'DB', status: 'maintenance', previousStatus: 'in_use', reason: 'patching' } }); // 09:01
    log.record(configurationItemStream('DB'), { type: 'ConfigurationItemOwnerGroupChanged', data: { ciId: 'DB', ownerGroup: 'dba', previousOwnerGroup: 'infra' } }, { actor: 'ops.olga' }); // 09:02
    ci.attributesUpdated({ size: 20, replicas: 2 }, ['engine']); // 09:03
    const related = ci.related('depends_on', 'SRV', { actor: 'ops.pat' }); // 09:04
    expect(after(log).get('DB')).toEqual({
      id: 'DB', _position: related.position, name: 'db-01', ciClass: 'database', isService: false, criticality: 2, status: 'maintenance', ownerGroup: 'dba',
      attributes: { size: 20, replicas: 2 }, registeredAt: '2024-03-01T09:00:00.000Z', registeredBy: 'agent.smith',
      updatedAt: '2024-03-01T09:04:00.000Z', updatedBy: 'ops.pat', revision: 4,
    });
  });

  it('marks a CI of a service class as a service', () => {
    const log = new TestEventLog();
    ciHistory(log, 'PAY').registered({ ciClass: 'service' });
    expect(after(log).get('PAY')).toMatchObject({ ciClass: 'service', isService: true });
  });

  it('lists by class, status and group, by name', async () => {
    const log = new TestEventLog();
    ciHistory(log, 'B').registered({ name: 'b' });
    ciHistory(log, 'A').registered({ name: 'a' });
    ciHistory(log, 'C').registered({ name: 'c', ciClass: 'database', ownerGroup: 'dba' });
    const store = await readStoreAfter(configurationItemsProjection, log.events);
    const servers = await listConfigurationItems(store, { ciClass: 'server', status: 'in_use', limit: 10 });
    expect(servers.items.map((ci) => ci.id)).toEqual(['A', 'B']);
    expect((await listConfigurationItems(store, { ownerGroup: 'dba', limit: 10 })).items.map((ci) => ci.id)).toEqual(['C']);
    expect(await getConfigurationItem(store, 'A')).toMatchObject({ name: 'a' });
  });
});
