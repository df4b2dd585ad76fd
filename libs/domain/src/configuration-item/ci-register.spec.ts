import { deciderSpec } from '../testing/decider-spec';
import {
  ATTRIBUTES,
  CATALOGUE_2025,
  CATALOGUE_2026,
  CI_ID,
  HISTORIES,
  ciRegistered,
  registerCi,
} from '../testing/configuration-item-fixtures';
import type { CiCriticality, CiStatus } from './ci-classes';
import { configurationItemDecider } from './ci-decider';
import type { CiAttributes } from './ci-events';

const { given } = deciderSpec(configurationItemDecider);

describe('Registering a configuration item', () => {
  it('records the CI with its normalised name key and the class catalogue version in force', () => {
    const state = given([]).when(registerCi()).then([ciRegistered()]);

    expect(state).toEqual({
      status: 'in_use',
      ciId: CI_ID,
      name: 'Web Server 01',
      normalisedName: 'web server 01',
      ciClass: 'server',
      attributes: ATTRIBUTES,
      ownerGroup: 'infra-ops',
      criticality: 2,
      relationships: [],
    });
  });

  it('keeps the spelling as given and keys the name by its normalised form', () => {
    given([])
      .when(registerCi({ name: '  Web   SERVER 01 ' }))
      .then([ciRegistered({ name: '  Web   SERVER 01 ', normalisedName: 'web server 01' })]);
  });

  it.each(['planned', 'in_use', 'maintenance'] as const)('can be registered as %s', (status) => {
    given([]).when(registerCi({ status })).then([ciRegistered({ status })]);
  });

  it('is in use when no status is given', () => {
    given([]).when(registerCi({ status: undefined })).then([ciRegistered({ status: 'in_use' })]);
  });

  it.each([1, 2, 3, 4] as const)('records criticality %i', (criticality) => {
    given([]).when(registerCi({ criticality })).then([ciRegistered({ criticality })]);
  });

  it('records a CI without attributes with an empty set', () => {
    given([])
      .when(registerCi({ attributes: undefined as unknown as CiAttributes }))
      .then([ciRegistered({ attributes: {} })]);
  });

  describe('the class comes from the catalogue the command carries', () => {
    it('accepts a class that a newer catalogue adds, and records that catalogue version', () => {
      given([])
        .when(registerCi({ ciClass: 'kubernetes_cluster', classCatalogue: CATALOGUE_2026 }))
        .then([ciRegistered({ ciClass: 'kubernetes_cluster', classCatalogueVersion: 'cmdb-classes-2026.1' })]);
    });

    it('refuses a class the catalogue in force does not list, naming the known ones', () => {
      const error = given([])
        .when(registerCi({ ciClass: 'kubernetes_cluster', classCatalogue: CATALOGUE_2025 }))
        .thenThrows('ci.unknown_class', 'not_allowed');
      expect(error.details).toMatchObject({ ciClass: 'kubernetes_cluster', classCatalogueVersion: CATALOGUE_2025.version });
      expect(error.details['known']).toContain('service');
    });
  });

  it.each(Object.entries(HISTORIES))('is refused when the CI already exists (%s)', (status, history) => {
    const error = given(history).when(registerCi()).thenThrows('ci.already_exists', 'conflict');
    expect(error.details).toEqual({ status });
  });

  it('is refused as retired: a CI is retired by a decision, never born so', () => {
    const error = given([])
      .when(registerCi({ status: 'retired' }))
      .thenThrows('ci.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'status' });
  });

  it.each(['name', 'ownerGroup', 'ciClass'] as const)('is refused when the %s is blank', (field) => {
    const error = given([])
      .when(registerCi({ [field]: '  ' }))
      .thenThrows('ci.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field });
  });

  it('is refused for a criticality outside 1–4 or a status outside the list', () => {
    given([]).when(registerCi({ criticality: 5 as CiCriticality })).thenThrows('ci.invalid_field', 'not_allowed');
    given([]).when(registerCi({ status: 'broken' as CiStatus })).thenThrows('ci.invalid_field', 'not_allowed');
  });

  it.each([
    ['a nested object', { owner: { name: 'x' } }, 'attributes.owner'],
    ['a list', { ports: [80, 443] }, 'attributes.ports'],
    ['a number JSON cannot carry', { load: Number.NaN }, 'attributes.load'],
  ])('is refused when an attribute is %s', (_what, attributes, field) => {
    const error = given([])
      .when(registerCi({ attributes: attributes as unknown as CiAttributes }))
      .thenThrows('ci.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field });
  });

  it('is refused when the attributes are not an object, or a key is blank', () => {
    given([]).when(registerCi({ attributes: [] as unknown as CiAttributes })).thenThrows('ci.invalid_field');
    given([]).when(registerCi({ attributes: { ' ': 1 } })).thenThrows('ci.invalid_field');
  });

  it('is refused for an id that would land on a name registry stream', () => {
    const clash = { ...registerCi(), ciId: 'name-web server 01' };
    const error = given([]).when(clash).thenThrows('ci.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'ciId' });
  });
});
