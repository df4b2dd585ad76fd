import { isTimeZone, localTimeReader } from './local-time';

describe('Wall-clock times of an export, read in the source instance’s zone', () => {
  it('reads the format it is told, in UTC or in a zone with an offset', () => {
    expect(localTimeReader('dd-mm-yyyy hh:mm', 'UTC')('29-02-2016 01:16')).toBe('2016-02-29T01:16:00.000Z');
    expect(localTimeReader('dd-mm-yyyy hh:mm', 'America/Sao_Paulo')('29-02-2016 01:16')).toBe('2016-02-29T04:16:00.000Z');
    expect(localTimeReader('yyyy-mm-dd hh:mm:ss', 'Europe/Berlin')('2016-07-01 12:00:30')).toBe('2016-07-01T10:00:30.000Z');
    expect(localTimeReader('mm-dd-yyyy hh:mm', 'UTC')('02-29-2016 01:16')).toBe('2016-02-29T01:16:00.000Z');
  });

  it('refuses what is not a time of that format, or not a real date', () => {
    const read = localTimeReader('dd-mm-yyyy hh:mm', 'UTC');
    expect(['?', '2016-02-29 01:16', '30-02-2016 01:16', '29-02-2016 24:00', '29-02-2016 1:16 PM'].map(read)).toEqual([null, null, null, null, null]);
  });

  it('reads a time the clocks skipped after the jump, and a repeated one as the earlier', () => {
    const berlin = localTimeReader('dd-mm-yyyy hh:mm', 'Europe/Berlin');
    // 27 March 2016: 02:00 CET became 03:00 CEST; 30 October 2016: 03:00 CEST became 02:00 CET.
    expect(berlin('27-03-2016 02:30')).toBe('2016-03-27T01:30:00.000Z');
    expect(berlin('27-03-2016 03:30')).toBe('2016-03-27T01:30:00.000Z');
    expect(berlin('30-10-2016 02:30')).toBe('2016-10-30T00:30:00.000Z');
    expect(berlin('30-10-2016 03:30')).toBe('2016-10-30T02:30:00.000Z');
  });

  it('knows a zone name from a typo', () => {
    expect([isTimeZone('Europe/Berlin'), isTimeZone('UTC'), isTimeZone('Europe/Berln')]).toEqual([true, true, false]);
  });
});
