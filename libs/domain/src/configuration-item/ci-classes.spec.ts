import {
  CI_CRITICALITY_LABELS,
  CI_STATUS_TRANSITIONS,
  DEFAULT_CI_CLASS_CATALOGUE,
  findCiClass,
  isServiceClass,
} from './ci-classes';

describe('The default class catalogue', () => {
  it('lists the everyday classes, with a version to record', () => {
    const ids = DEFAULT_CI_CLASS_CATALOGUE.classes.map((definition) => definition.id);
    expect(ids).toEqual(expect.arrayContaining(['service', 'application', 'server', 'database', 'network_device']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(DEFAULT_CI_CLASS_CATALOGUE.version).toMatch(/\S/);
  });

  it('marks the service classes, which impact analysis reports apart', () => {
    expect(isServiceClass(DEFAULT_CI_CLASS_CATALOGUE, 'service')).toBe(true);
    expect(isServiceClass(DEFAULT_CI_CLASS_CATALOGUE, 'technical_service')).toBe(true);
    expect(isServiceClass(DEFAULT_CI_CLASS_CATALOGUE, 'server')).toBe(false);
    expect(isServiceClass(DEFAULT_CI_CLASS_CATALOGUE, 'unheard_of')).toBe(false);
    expect(findCiClass(DEFAULT_CI_CLASS_CATALOGUE, 'database')).toMatchObject({ label: 'Database' });
  });
});

describe('The criticality scale', () => {
  it('counts like impact and priority: 1 is the most critical', () => {
    expect(CI_CRITICALITY_LABELS).toEqual({ 1: 'critical', 2: 'high', 3: 'medium', 4: 'low' });
  });
});

describe('The status transitions', () => {
  it('lead from planned into use, between use and maintenance, and from anywhere live to retired', () => {
    expect(CI_STATUS_TRANSITIONS).toEqual({
      planned: ['in_use', 'retired'],
      in_use: ['maintenance', 'retired'],
      maintenance: ['in_use', 'retired'],
      retired: [],
    });
  });
});
