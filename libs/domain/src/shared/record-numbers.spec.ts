import { formatRecordNumber, nextRecordNumberBlock, parseRecordNumber, recordNumberCounterStream, recordNumberStream } from './record-numbers';

describe('Record numbers people can say on the phone', () => {
  it('are a prefix per kind and at least seven digits, as ServiceNow writes them', () => {
    expect([formatRecordNumber('incident', 45), formatRecordNumber('change', 10001), formatRecordNumber('incident', 123456789)]).toEqual(['INC0000045', 'CHG0010001', 'INC123456789']);
    expect(() => formatRecordNumber('incident', 0)).toThrow(RangeError);
  });

  it('are read as people type them, in any case, and written back one way', () => {
    expect(parseRecordNumber('inc0000045')).toEqual({ kind: 'incident', number: 'INC0000045', value: 45 });
    expect(parseRecordNumber('CHG0010001')).toEqual({ kind: 'change', number: 'CHG0010001', value: 10001 });
    expect(parseRecordNumber('prb0000045')).toEqual({ kind: 'problem', number: 'PRB0000045', value: 45 });
    expect(['INC45', 'INC0000000', 'RFC0000045', 'INC00000045x', ' INC0000045', '0000045', ''].map(parseRecordNumber)).toEqual([null, null, null, null, null, null, null]);
  });

  it('are held in a stream of their own, and handed out from a counter per kind in blocks from 10001', () => {
    expect([recordNumberStream('INC0000045'), recordNumberCounterStream('incident'), recordNumberCounterStream('change')]).toEqual(['record-number-INC0000045', 'record-numbers-INC', 'record-numbers-CHG']);
    const first = nextRecordNumberBlock('incident', null, 20);
    expect(first).toEqual({ kind: 'incident', from: 10001, to: 10020 });
    expect(nextRecordNumberBlock('incident', first, 20)).toEqual({ kind: 'incident', from: 10021, to: 10040 });
  });
});
