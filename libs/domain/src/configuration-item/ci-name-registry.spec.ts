import { deciderSpec } from '../testing/decider-spec';
import {
  CI_ID,
  OTHER_CI_ID,
  context,
  intentOf,
  nameReleased,
  nameReserved,
  releaseName,
  reserveName,
} from '../testing/configuration-item-fixtures';
import { CI_NAME_STREAM_PREFIX, ciNameDecider, ciNameStream, normaliseCiName, type CiNameReleaseCondition, type CiNameReleaseReason } from './ci-name-registry';

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
  it('records the holder, the spelling asked for, the key, and what the reservation is for', () => {
    const state = given([]).when(reserveName('Web Server 01')).then(held);
    expect(state).toEqual({ status: 'reserved', normalisedName: 'web server 01', name: 'Web Server 01', ciId: CI_ID, intent: intentOf() });
  });

  it('records the holder reserving again, with the new intent, so a recovery decided on the old reservation cannot free it', () => {
    const rename = intentOf('cmd-rename', 7);
    const state = given(held).when(reserveName('WEB SERVER 01', CI_ID, rename)).then([nameReserved('WEB SERVER 01', 'web server 01', CI_ID, rename)]);
    expect(state).toMatchObject({ ciId: CI_ID, intent: rename });
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

  it('is refused for a blank name or CI id, an id that would land on a name stream, or no intent', () => {
    given([]).when(reserveName('  ')).thenThrows('ci.invalid_field', 'not_allowed');
    given([]).when(reserveName('Web Server 01', '')).thenThrows('ci.invalid_field', 'not_allowed');
    given([]).when(reserveName('Web Server 01', 'name-x')).thenThrows('ci.invalid_field', 'not_allowed');
    given([]).when(reserveName('Web Server 01', CI_ID, intentOf(''))).thenThrows('ci.invalid_field', 'not_allowed');
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

  it('decides nothing for a free name or another holder: a retried or late release is harmless', () => {
    given([]).when(releaseName('Web Server 01')).then([]);
    given([...held, nameReleased('web server 01')]).when(releaseName('Web Server 01')).then([]);
    given(held).when(releaseName('Web Server 01', OTHER_CI_ID)).then([]);
  });

  describe('when the CI let the name go at a revision', () => {
    const reservedAt = (ciRevision: number) => [nameReserved('Web Server 01', 'web server 01', CI_ID, intentOf('cmd', ciRevision))];
    const letGoAt = (ciRevision: number) => releaseName('Web Server 01', CI_ID, 'renamed', { kind: 'let_go', ciRevision });

    it('frees a reservation decided before that revision', () => {
      given(reservedAt(3)).when(letGoAt(4)).then([nameReleased('web server 01')]);
    });

    it('keeps a reservation decided at or after it: the CI took the name again', () => {
      given(reservedAt(4)).when(letGoAt(4)).then([]);
      given(reservedAt(9)).when(letGoAt(4)).then([]);
    });

    it('frees a reservation recorded before intents were', () => {
      given([nameReserved('Web Server 01', 'web server 01', CI_ID, undefined)]).when(letGoAt(0)).then([nameReleased('web server 01')]);
    });
  });

  describe('when undoing one intent', () => {
    const undo = (commandId: string, ciRevision: number) => releaseName('Web Server 01', CI_ID, 'abandoned', { kind: 'intent', commandId, ciRevision });

    it('frees the name while that intent is the latest reservation', () => {
      given(held).when(undo('cmd-register', -1)).then([nameReleased('web server 01', CI_ID, 'abandoned')]);
    });

    it('keeps it once another reservation replaced it, even by the same command at another revision', () => {
      given(held).when(undo('cmd-other', -1)).then([]);
      given(held).when(undo('cmd-register', 0)).then([]);
    });
  });

  it('is refused for an unknown reason or condition', () => {
    given(held)
      .when(releaseName('Web Server 01', CI_ID, 'because' as CiNameReleaseReason))
      .thenThrows('ci.invalid_field', 'not_allowed');
    given(held)
      .when(releaseName('Web Server 01', CI_ID, 'renamed', { kind: 'whenever' } as unknown as CiNameReleaseCondition))
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
