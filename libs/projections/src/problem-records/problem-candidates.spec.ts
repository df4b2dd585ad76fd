import { clusterProblemCandidates } from './problem-candidates';

const incident = (id: string, openedAt: string, configurationItemId: string | null, category = 'network', symptom: string | null = null) => ({
  id,
  number: `INC-${id}`,
  title: `Incident ${id}`,
  openedAt: `2026-03-0${openedAt}:00.000Z`,
  configurationItemId,
  category,
  symptom,
});
const shown = (...ids: string[]) => ids.map((id) => ({ incidentId: id, number: `INC-${id}`, title: `Incident ${id}` }));

describe('Problem candidates (trend detection)', () => {
  it('clusters by CI and by category and symptom (case and spaces aside), keeps those at the threshold, largest first, each incident with its number and title', () => {
    const found = clusterProblemCandidates(
      [
        incident('a', '1T09:00', 'vpn-gw'),
        incident('b', '1T10:00', 'vpn-gw', 'network', 'VPN drops'),
        incident('c', '2T09:00', 'vpn-gw', 'network', ' vpn drops '),
        incident('d', '2T10:00', null, 'network', 'vpn drops'),
        incident('e', '2T11:00', null, 'email', 'vpn drops'),
        incident('f', '3T09:00', 'mx1'),
      ],
      new Set(),
      3,
    );
    expect(found).toEqual([
      { key: { kind: 'symptom', category: 'network', symptom: 'vpn drops' }, count: 3, incidentIds: ['b', 'c', 'd'], incidents: shown('b', 'c', 'd'), firstOpenedAt: '2026-03-01T10:00:00.000Z', lastOpenedAt: '2026-03-02T10:00:00.000Z' },
      { key: { kind: 'ci', configurationItemId: 'vpn-gw' }, count: 3, incidentIds: ['a', 'b', 'c'], incidents: shown('a', 'b', 'c'), firstOpenedAt: '2026-03-01T09:00:00.000Z', lastOpenedAt: '2026-03-02T09:00:00.000Z' },
    ]);
  });

  it('takes categories spelled differently (case and outer spaces) as one, shown as most of its incidents spell it, a tie going to the earliest opened', () => {
    const spelled = (...categories: string[]) => categories.map((category, index) => incident(`i${index}`, `${index + 1}T09:00`, null, category, 'VPN drops'));
    expect(clusterProblemCandidates(spelled('network', ' Network', 'NETWORK ', 'Network'), new Set(), 3)).toMatchObject([{ key: { kind: 'symptom', category: 'Network', symptom: 'vpn drops' }, count: 4 }]);
    expect(clusterProblemCandidates(spelled(' NETWORK', 'network', 'Network', 'network ', 'NETWORK'), new Set(), 3)).toMatchObject([{ key: { category: 'NETWORK' }, count: 5 }]);
    // Opened in the same millisecond: the lower number was taken first.
    const sameInstant = [{ ...incident('z', '1T09:00', null, 'Network', 'VPN drops'), number: 'INC0010001' }, { ...incident('a', '1T09:00', null, 'network', 'VPN drops'), number: 'INC0010002' }];
    expect(clusterProblemCandidates(sameInstant, new Set(), 2)).toMatchObject([{ key: { category: 'Network' } }]);
  });

  it('leaves out incidents a problem links already: a cluster they made up falls below the threshold', () => {
    const opened = [incident('a', '1T09:00', 'vpn-gw'), incident('b', '1T10:00', 'vpn-gw'), incident('c', '2T09:00', 'vpn-gw')];
    expect(clusterProblemCandidates(opened, new Set(), 3)).toHaveLength(1);
    expect(clusterProblemCandidates(opened, new Set(['b']), 3)).toEqual([]);
    expect(clusterProblemCandidates(opened, new Set(['b']), 2)).toMatchObject([{ incidentIds: ['a', 'c'], incidents: shown('a', 'c') }]);
  });
});
