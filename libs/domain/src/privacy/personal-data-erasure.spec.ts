import { DomainError } from '../shared/domain-error';
import { fold } from '../shared/decider';
import { personalDataErasureDecider, personalDataErasureStream, type ErasePersonalData } from './personal-data-erasure';
import { PERSONAL_DATA } from './personal-data';

const KEY = '7d1f0c2e-1111-4222-8333-944455556666';
const erase = (reason: string, streams: string[] = ['incident-b', 'incident-a']): ErasePersonalData => ({ type: 'ErasePersonalData', data: { keyId: KEY, reason, streams }, context: { actor: 'adam', now: '2026-11-30T09:00:00.000Z' } });

describe('Erasing a person\'s data, as a fact', () => {
  it('records the key id, the reason and the streams in name order: never who the person is', () => {
    expect(personalDataErasureDecider.decide(erase('  DSR-2026-114  '), personalDataErasureDecider.initialState)).toEqual([
      { type: 'PersonalDataErased', data: { keyId: KEY, reason: 'DSR-2026-114', streams: ['incident-a', 'incident-b'] } },
    ]);
    expect(personalDataErasureStream(KEY)).toBe(`personal-data-erasure-${KEY}`);
  });

  it('needs a reason, and erases once', () => {
    expect(() => personalDataErasureDecider.decide(erase(' '), personalDataErasureDecider.initialState)).toThrow(expect.objectContaining({ code: 'personal_data.reason_required', kind: 'not_allowed' }));
    const erased = fold(personalDataErasureDecider, personalDataErasureDecider.decide(erase('DSR-1'), personalDataErasureDecider.initialState));
    expect(() => personalDataErasureDecider.decide(erase('DSR-2'), erased)).toThrow(DomainError);
    expect(() => personalDataErasureDecider.decide(erase('DSR-2'), erased)).toThrow(expect.objectContaining({ code: 'personal_data.already_erased' }));
  });

  it("names the caller's fields of an incident as personal data, opened or imported", () => {
    expect(PERSONAL_DATA['IncidentOpened']).toEqual({ subject: 'caller', fields: ['caller', 'contactType', 'location'] });
    expect(PERSONAL_DATA['IncidentEdited']?.subject).toBeNull();
    expect(PERSONAL_DATA['IncidentVersionImported']?.fields).toEqual(expect.arrayContaining(['row.caller_id', 'reading.caller']));
    expect(PERSONAL_DATA['IncidentWorkNoteAdded']).toBeUndefined();
  });
});
