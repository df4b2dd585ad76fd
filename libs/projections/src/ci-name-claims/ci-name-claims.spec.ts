import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { ciNameClaimsProjection } from './ci-name-claims-projection';
import { findUnsettledNameClaims } from './ci-name-claims-queries';

const CI = 'c1';
const OTHER = 'c2';

/** A CI's name-related facts as the protocol records them, on their two kinds of streams. */
function names(log: TestEventLog) {
  const intent = { commandId: 'x', commandType: 'Test', ciRevision: -1, events: [] };
  return {
    reserved: (name: string, ciId = CI) => log.record(`ci-name-${name}`, { type: 'CiNameReserved', data: { normalisedName: name, name, ciId, intent } }),
    released: (name: string, ciId = CI) => log.record(`ci-name-${name}`, { type: 'CiNameReleased', data: { normalisedName: name, ciId, reason: 'renamed' } }),
    registered: (name: string, ciId = CI) =>
      log.record(`ci-${ciId}`, { type: 'ConfigurationItemRegistered', data: { ciId, name, normalisedName: name, ciClass: 'server', classCatalogueVersion: 'v', attributes: {}, ownerGroup: 'g', status: 'in_use', criticality: 2 } }),
    renamed: (from: string, to: string, ciId = CI) =>
      log.record(`ci-${ciId}`, { type: 'ConfigurationItemRenamed', data: { ciId, name: to, normalisedName: to, previousName: from, previousNormalisedName: from } }),
    retired: (name: string, ciId = CI) => log.record(`ci-${ciId}`, { type: 'ConfigurationItemRetired', data: { ciId, normalisedName: name, previousStatus: 'in_use', reason: 'gone' } }),
  };
}

const claims = (log: TestEventLog) => replay(ciNameClaimsProjection, [log.events]);

describe('CI name claims (the to-do list of name recovery)', () => {
  it('a name is unsettled from its reservation until the registration carries it', () => {
    const log = new TestEventLog();
    const ci = names(log);
    const reserved = ci.reserved('web-01');
    expect(claims(log).get('web-01')).toMatchObject({ holder: CI, settled: false, since: reserved.metadata.occurredAt });
    ci.registered('web-01');
    expect(claims(log).get('web-01')).toMatchObject({ holder: CI, settled: true });
  });

  it('a rename settles the new name, unsettles the old one until its release', () => {
    const log = new TestEventLog();
    const ci = names(log);
    ci.reserved('web-01');
    ci.registered('web-01');
    ci.reserved('web-02');
    const renamed = ci.renamed('web-01', 'web-02');
    expect(claims(log).get('web-01')).toMatchObject({ holder: CI, settled: false, since: renamed.metadata.occurredAt });
    expect(claims(log).get('web-02')).toMatchObject({ settled: true });
    ci.released('web-01');
    expect(claims(log).get('web-01')).toMatchObject({ holder: null, settled: true });
  });

  it('a retirement unsettles the name until its release', () => {
    const log = new TestEventLog();
    const ci = names(log);
    ci.reserved('web-01');
    ci.registered('web-01');
    ci.retired('web-01');
    expect(claims(log).get('web-01')).toMatchObject({ settled: false });
  });

  it('ignores another CI\'s facts about a name it does not hold', () => {
    const log = new TestEventLog();
    const ci = names(log);
    ci.reserved('web-01');
    ci.registered('web-01', OTHER);
    ci.released('web-01', OTHER);
    expect(claims(log).get('web-01')).toMatchObject({ holder: CI, settled: false });
  });

  it('lists the unsettled names, longest unsettled first', async () => {
    const log = new TestEventLog();
    const ci = names(log);
    ci.reserved('b-name');
    ci.reserved('a-name', OTHER);
    ci.reserved('done');
    ci.registered('done');
    const store = await readStoreAfter(ciNameClaimsProjection, log.events);
    expect((await findUnsettledNameClaims(store, 10)).map((claim) => claim.id)).toEqual(['b-name', 'a-name']);
  });

  it('keeps exactly these claims after a rename, a retirement and a released name taken by another CI', () => {
    const log = new TestEventLog();
    const ci = names(log);
    ci.reserved('web-01'); // 09:00
    ci.registered('web-01'); // 09:01
    ci.reserved('web-02'); // 09:02
    ci.renamed('web-01', 'web-02'); // 09:03
    ci.released('web-01'); // 09:04
    const retired = ci.retired('web-02'); // 09:05
    ci.reserved('web-01', OTHER); // 09:06
    const registered = ci.registered('web-01', OTHER); // 09:07
    expect(claims(log)).toEqual(new Map([
      ['web-01', { id: 'web-01', _position: registered.position, holder: OTHER, settled: true, since: '2024-03-01T09:07:00.000Z' }],
      ['web-02', { id: 'web-02', _position: retired.position, holder: CI, settled: false, since: '2024-03-01T09:05:00.000Z' }],
    ]));
  });
});
