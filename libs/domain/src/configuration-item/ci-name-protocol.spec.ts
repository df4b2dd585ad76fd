import { fold } from '../shared/decider';
import {
  CI_ID,
  OTHER_CI_ID,
  ciRegistered,
  context,
  event,
  registerCi,
  relationshipAdded,
  reserveName,
  retired,
  statusChanged,
} from '../testing/configuration-item-fixtures';
import { configurationItemDecider } from './ci-decider';
import type { CiNameCommand, CiNameEvent } from './ci-name-registry';
import { ciNameDecider, ciNameStream } from './ci-name-registry';
import { ciNameSteps } from './ci-name-protocol';

const renamed = (name: string, normalisedName: string) =>
  event('ConfigurationItemRenamed', { name, normalisedName, previousName: 'Web Server 01', previousNormalisedName: 'web server 01' });

describe('The name registry steps around a CI command', () => {
  it('reserve the name before a registration and release nothing', () => {
    expect(ciNameSteps([ciRegistered()], context)).toEqual({
      before: [{ type: 'ReserveCiName', name: 'Web Server 01', data: { ciId: CI_ID }, context }],
      after: [],
    });
  });

  it('reserve the new name before a rename and release the old key after it', () => {
    expect(ciNameSteps([renamed('Shop Web 01', 'shop web 01')], context)).toEqual({
      before: [{ type: 'ReserveCiName', name: 'Shop Web 01', data: { ciId: CI_ID }, context }],
      after: [{ type: 'ReleaseCiName', name: 'web server 01', data: { ciId: CI_ID, reason: 'renamed' }, context }],
    });
  });

  it('do nothing for a rename within the same key: releasing it would free the name the CI still carries', () => {
    expect(ciNameSteps([renamed('WEB SERVER 01', 'web server 01')], context)).toEqual({ before: [], after: [] });
  });

  it('release the recorded key after a retirement', () => {
    expect(ciNameSteps([retired()], context)).toEqual({
      before: [],
      after: [{ type: 'ReleaseCiName', name: 'web server 01', data: { ciId: CI_ID, reason: 'retired' }, context }],
    });
  });

  it('are empty for events that do not touch the name', () => {
    const events = [statusChanged('maintenance', 'in_use'), relationshipAdded('runs_on', OTHER_CI_ID)];
    expect(ciNameSteps(events, context)).toEqual({ before: [], after: [] });
  });
});

/** A toy two-stream store, enough to play the protocol through with both deciders. */
function playRegistration(names: Map<string, CiNameEvent[]>, ciId: string, name: string) {
  const register = { ...registerCi({ name }), ciId };
  const decided = configurationItemDecider.decide(register, configurationItemDecider.initialState);
  for (const step of ciNameSteps(decided, context).before) run(names, step);
  return decided;
}

function run(names: Map<string, CiNameEvent[]>, step: CiNameCommand): void {
  const stream = ciNameStream(step.name);
  const history = names.get(stream) ?? [];
  names.set(stream, [...history, ...ciNameDecider.decide(step, fold(ciNameDecider, history))]);
}

describe('Playing the protocol through', () => {
  it('lets the first CI have a name and refuses it to a second in another spelling, before its stream is touched', () => {
    const names = new Map<string, CiNameEvent[]>();
    expect(playRegistration(names, CI_ID, 'Web Server 01')).toHaveLength(1);
    expect(() => playRegistration(names, OTHER_CI_ID, 'web server 01 ')).toThrow(expect.objectContaining({ code: 'ci.name_taken' }));
  });

  it('completes on a retry after a crash between reserving and registering, recording nothing twice', () => {
    const names = new Map<string, CiNameEvent[]>();
    playRegistration(names, CI_ID, 'Web Server 01'); // the CI events were never appended
    playRegistration(names, CI_ID, 'Web Server 01');
    expect(names.get(ciNameStream('web server 01'))).toHaveLength(1);
  });

  it('frees the name after retirement, for another CI to take', () => {
    const names = new Map<string, CiNameEvent[]>();
    playRegistration(names, CI_ID, 'Web Server 01');
    for (const step of ciNameSteps([retired()], context).after) run(names, step);
    expect(() => run(names, reserveName('Web Server 01', OTHER_CI_ID))).not.toThrow();
  });
});
