import { deciderSpec } from '../testing/decider-spec';
import {
  CI_ID,
  OTHER_CI_ID,
  context,
  nameReleased,
  nameReserved,
  releaseName,
  reserveName,
} from '../testing/configuration-item-fixtures';
import { CI_NAME_STREAM_PREFIX, ciNameDecider, ciNameStream, normaliseCiName, type CiNameReleaseReason } from './ci-name-registry';

const { given } = deciderSpec(ciNameDecider);

const held = [nameReserved('Web Server 01', 'web server 01')];

describe('Normalising a CI name', () => {
  it.each([
    ['Web Server 01', 'web server 01'],
    ['  web server 01  ', 'web server 01'],
    ['WEB\tSERVER \n 01', 'web server 01'],
    ['db-prod-01', 'db-prod-01'],
  ])('%j becomes %j', (name, normalised) => {
    expect(normaliseCiName(name)).toBe(normalised);
  });

  it('is idempotent, so a recorded key can be passed back as a name', () => {
    expect(normaliseCiName(normaliseCiName(' A  b '))).toBe(normaliseCiName(' A  b '));
  });

  it('gives every spelling the same stream', () => {
    expect(ciNameStream(' Web  SERVER 01')).toBe('ci-name-web server 01');
    expect(ciNameStream('web server 01')).toBe(ciNameStream('WEB SERVER 01'));
    expect(ciNameStream('x').startsWith(CI_NAME_STREAM_PREFIX)).toBe(true);
  });
});

describe('Reserving a CI name', () => {
  it('records the holder, the spelling asked for and the key', () => {
    const state = given([]).when(reserveName('Web Server 01')).then(held);
    expect(state).toEqual({ status: 'reserved', normalisedName: 'web server 01', name: 'Web Server 01', ciId: CI_ID });
  });

  it('is idempotent for the holder: the same CI reserving again, in any spelling, decides nothing', () => {
    given(held).when(reserveName('WEB SERVER 01')).then([]);
  });

  it('is refused for another CI, naming the holder', () => {
    const error = given(held).when(reserveName('web  server 01', OTHER_CI_ID)).thenThrows('ci.name_taken', 'conflict');
    expect(error.details).toEqual({ name: 'web  server 01', normalisedName: 'web server 01', heldBy: CI_ID });
  });

  it('is open to anyone once released', () => {
    given([...held, nameReleased('web server 01')])
      .when(reserveName('Web Server 01', OTHER_CI_ID))
      .then([nameReserved('Web Server 01', 'web server 01', OTHER_CI_ID)]);
  });

  it('is refused for a blank name or CI id, or an id that would land on a name stream', () => {
    given([]).when(reserveName('  ')).thenThrows('ci.invalid_field', 'not_allowed');
    given([]).when(reserveName('Web Server 01', '')).thenThrows('ci.invalid_field', 'not_allowed');
    given([]).when(reserveName('Web Server 01', 'name-x')).thenThrows('ci.invalid_field', 'not_allowed');
  });
});

describe('Releasing a CI name', () => {
  it.each(['renamed', 'retired', 'abandoned'] as const)('frees it for the holder (%s)', (reason) => {
    const state = given(held).when(releaseName('Web Server 01', CI_ID, reason)).then([nameReleased('web server 01', CI_ID, reason)]);
    expect(state).toEqual({ status: 'free' });
  });

  it('releases the key actually held, whatever the spelling used', () => {
    given(held).when(releaseName('WEB   server 01')).then([nameReleased('web server 01')]);
  });

  it('is idempotent for a free name: a retried release decides nothing', () => {
    given([]).when(releaseName('Web Server 01')).then([]);
    given([...held, nameReleased('web server 01')]).when(releaseName('Web Server 01')).then([]);
  });

  it('is refused for a CI that does not hold the name, naming the holder', () => {
    const error = given(held).when(releaseName('Web Server 01', OTHER_CI_ID)).thenThrows('ci.name_not_held', 'conflict');
    expect(error.details).toEqual({ normalisedName: 'web server 01', heldBy: CI_ID });
  });

  it('is refused for an unknown reason', () => {
    given(held)
      .when(releaseName('Web Server 01', CI_ID, 'because' as CiNameReleaseReason))
      .thenThrows('ci.invalid_field', 'not_allowed');
  });

  it('folds a stray release by a non-holder as leaving the holder in place', () => {
    expect(ciNameDecider.evolve(given(held).state, nameReleased('web server 01', OTHER_CI_ID))).toMatchObject({ ciId: CI_ID });
  });

  it('uses the context only for metadata', () => {
    const later = { ...reserveName('Web Server 01'), context: { ...context, actor: 'discovery:bot' } };
    given([]).when(later).then(held);
  });
});
