import { conflictSeenFrom, detectConflicts, sortConflicts, type CalendarBlackout, type CalendarChange, type DependencyEdge } from './conflicts';

const window = (start: string, end: string) => ({ start: `2025-03-10T${start}:00.000Z`, end: `2025-03-10T${end}:00.000Z` });

const LATER = window('22:30', '23:30');
const ours: CalendarChange = { changeId: 'CHG-OURS', affectedCiIds: ['ci-app'], window: window('22:00', '23:00') };
const other = (changeId: string, affectedCiIds: string[], at = window('22:30', '23:30')): CalendarChange => ({
  changeId,
  affectedCiIds,
  window: at,
});
const blackout = (id: string, scope: CalendarBlackout['scope'], at = window('20:00', '23:59')): CalendarBlackout => ({
  blackoutWindowId: id,
  name: `Freeze ${id}`,
  window: at,
  scope,
});

/** The application runs on a server, which sits behind a switch. */
const EDGES: DependencyEdge[] = [
  { from: 'ci-app', to: 'ci-server' },
  { from: 'ci-server', to: 'ci-switch' },
  { from: 'ci-frontend', to: 'ci-app' },
];

const detect = (others: CalendarChange[], blackouts: CalendarBlackout[] = [], edges = EDGES, change = ours) =>
  detectConflicts(change, others, edges, blackouts);

describe('Conflict detection', () => {
  it('finds another change on the same CI in an overlapping window', () => {
    expect(detect([other('CHG-2', ['ci-app', 'ci-db'])])).toEqual([
      { kind: 'same_ci', changeId: 'CHG-2', ciId: 'ci-app', window: window('22:30', '23:30') },
    ]);
  });

  it('finds a change on a CI ours depends on', () => {
    expect(detect([other('CHG-2', ['ci-server'])])).toEqual([
      { kind: 'dependency', changeId: 'CHG-2', ciId: 'ci-app', otherCiId: 'ci-server', relation: 'depends_on', window: LATER },
    ]);
  });

  it('finds a change on a CI that depends on ours', () => {
    expect(detect([other('CHG-2', ['ci-frontend'])])).toEqual([
      { kind: 'dependency', changeId: 'CHG-2', ciId: 'ci-app', otherCiId: 'ci-frontend', relation: 'dependency_of', window: LATER },
    ]);
  });

  it('looks one hop only: a change two hops away (app → server → switch) is not a conflict', () => {
    expect(detect([other('CHG-2', ['ci-switch'])])).toEqual([]);
  });

  it('ignores changes on unrelated CIs', () => {
    expect(detect([other('CHG-2', ['ci-mail'])])).toEqual([]);
  });

  it.each([
    ['ends exactly when ours starts', window('21:00', '22:00')],
    ['starts exactly when ours ends', window('23:00', '23:30')],
    ['is earlier', window('19:00', '20:00')],
  ])('ignores a change whose window %s (touching windows do not overlap)', (_case, at) => {
    expect(detect([other('CHG-2', ['ci-app'], at)])).toEqual([]);
  });

  it.each([
    ['overlaps the start by a minute', window('21:00', '22:01')],
    ['lies within ours', window('22:10', '22:20')],
    ['contains ours', window('20:00', '23:59')],
    ['is the same', window('22:00', '23:00')],
  ])('finds a change whose window %s', (_case, at) => {
    expect(detect([other('CHG-2', ['ci-app'], at)])).toHaveLength(1);
  });

  it('never reports the change against itself (a reschedule sees itself in the read model)', () => {
    expect(detect([{ ...ours, window: window('22:30', '23:30') }])).toEqual([]);
  });

  it('reports a duplicated edge once, and a self-edge never', () => {
    const edges = [...EDGES, { from: 'ci-app', to: 'ci-server' }, { from: 'ci-app', to: 'ci-app' }];
    expect(detect([other('CHG-2', ['ci-server'])], [], edges)).toHaveLength(1);
  });

  it('lists every conflict in a stable order: blackouts, then by change, CI and kind', () => {
    const mine = { ...ours, affectedCiIds: ['ci-app', 'ci-server'] };
    const found = detect([other('CHG-3', ['ci-server']), other('CHG-2', ['ci-app'])], [blackout('BW-1', { kind: 'all' })], EDGES, mine);
    expect(found.map((c) => [c.kind, 'changeId' in c ? c.changeId : c.blackoutWindowId])).toEqual([
      ['blackout', 'BW-1'],
      ['same_ci', 'CHG-2'],
      ['dependency', 'CHG-2'],
      ['same_ci', 'CHG-3'],
      ['dependency', 'CHG-3'],
    ]);
    const reordered = detect([other('CHG-2', ['ci-app']), other('CHG-3', ['ci-server'])], [blackout('BW-1', { kind: 'all' })], EDGES, mine);
    expect(reordered).toEqual(found);
  });

  describe('blackout windows', () => {
    it('conflict with every change when their scope is all', () => {
      expect(detect([], [blackout('BW-1', { kind: 'all' })])).toEqual([
        { kind: 'blackout', blackoutWindowId: 'BW-1', name: 'Freeze BW-1', window: window('20:00', '23:59') },
      ]);
    });

    it('conflict when their scope lists one of our CIs', () => {
      expect(detect([], [blackout('BW-1', { kind: 'cis', ciIds: ['ci-db', 'ci-app'] })])).toHaveLength(1);
    });

    it('do not conflict when their scope lists only other CIs, even ones ours depends on', () => {
      expect(detect([], [blackout('BW-1', { kind: 'cis', ciIds: ['ci-server'] })])).toEqual([]);
    });

    it('do not conflict when they only touch our window', () => {
      expect(detect([], [blackout('BW-1', { kind: 'all' }, window('23:00', '23:59'))])).toEqual([]);
    });
  });
});

describe('A conflict seen from the other side', () => {
  const theirs = other('CHG-2', ['ci-server', 'ci-app']);
  const recorded = detect([theirs]);
  const seenByThem = recorded.flatMap((conflict) => (conflict.kind === 'blackout' ? [] : [conflictSeenFrom(conflict, ours)]));

  it('names the change that recorded it, in that change’s window, with the dependency read the other way', () => {
    expect(seenByThem).toEqual([
      { kind: 'same_ci', changeId: 'CHG-OURS', ciId: 'ci-app', window: ours.window },
      { kind: 'dependency', changeId: 'CHG-OURS', ciId: 'ci-server', otherCiId: 'ci-app', relation: 'dependency_of', window: ours.window },
    ]);
  });

  it('is what the other change would have recorded, had it been scheduled second', () => {
    const theirsFirst = detectConflicts(theirs, [ours], EDGES, []);
    expect(sortConflicts(seenByThem)).toEqual(theirsFirst);
  });

  it('turned round twice is the conflict as recorded', () => {
    const twice = seenByThem.map((conflict) => conflictSeenFrom(conflict, theirs));
    expect(sortConflicts(twice)).toEqual(recorded);
  });
});
