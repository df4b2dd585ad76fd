import {
  CI_ID,
  OTHER_CI_ID,
  ciRegistered,
  context,
  event,
  intentOf,
  relationshipAdded,
  retired,
  statusChanged,
} from '../testing/configuration-item-fixtures';
import { abandonReservation, ciNameSteps } from './ci-name-protocol';

const renamed = (name: string, normalisedName: string) =>
  event('ConfigurationItemRenamed', { name, normalisedName, previousName: 'Web Server 01', previousNormalisedName: 'web server 01' });

describe('The name registry steps around a CI command', () => {
  const intent = intentOf('cmd-1', 6);

  it('reserve the name before a registration, recording the intent, and release nothing', () => {
    expect(ciNameSteps([ciRegistered()], intent, context)).toEqual({
      before: [{ type: 'ReserveCiName', name: 'Web Server 01', data: { ciId: CI_ID, intent }, context }],
      after: [],
    });
  });

  it('reserve the new name before a rename and release the old key after it, as of the rename\'s revision', () => {
    expect(ciNameSteps([renamed('Shop Web 01', 'shop web 01')], intent, context)).toEqual({
      before: [{ type: 'ReserveCiName', name: 'Shop Web 01', data: { ciId: CI_ID, intent }, context }],
      after: [
        { type: 'ReleaseCiName', name: 'web server 01', data: { ciId: CI_ID, reason: 'renamed', condition: { kind: 'let_go', ciRevision: 7 } }, context },
      ],
    });
  });

  it('do nothing for a rename within the same key: releasing it would free the name the CI still carries', () => {
    expect(ciNameSteps([renamed('WEB SERVER 01', 'web server 01')], intent, context)).toEqual({ before: [], after: [] });
  });

  it('release the recorded key after a retirement, as of the revision the retirement lands at', () => {
    expect(ciNameSteps([statusChanged('maintenance', 'in_use'), retired()], intent, context)).toEqual({
      before: [],
      after: [
        { type: 'ReleaseCiName', name: 'web server 01', data: { ciId: CI_ID, reason: 'retired', condition: { kind: 'let_go', ciRevision: 8 } }, context },
      ],
    });
  });

  it('are empty for events that do not touch the name', () => {
    const events = [statusChanged('maintenance', 'in_use'), relationshipAdded('runs_on', OTHER_CI_ID)];
    expect(ciNameSteps(events, intent, context)).toEqual({ before: [], after: [] });
  });

  it('undo a reservation only while its own intent is the latest', () => {
    const [reservation] = ciNameSteps([ciRegistered()], intent, context).before;
    expect(abandonReservation(reservation!)).toEqual({
      type: 'ReleaseCiName',
      name: 'Web Server 01',
      data: { ciId: CI_ID, reason: 'abandoned', condition: { kind: 'intent', commandId: 'cmd-1', ciRevision: 6 } },
      context,
    });
  });
});
