import { normalisedSubject } from './personal-data-vault';

/** The rule itself, as the vault states it: NFKC, trimmed, inner whitespace collapsed, case folded. */
const byTheRule = (subject: string) => subject.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');

describe('normalisedSubject: one person, however the name is spelled', () => {
  it('trims, collapses inner spacing and folds case', () => {
    expect(normalisedSubject('  Dave   Trim ')).toBe('dave trim');
    expect(normalisedSubject('DAVE TRIM')).toBe('dave trim');
    expect(normalisedSubject('dave\t\ntrim')).toBe('dave trim');
  });

  it('reads compatibility forms and other scripts as Unicode says', () => {
    expect(normalisedSubject('Ｄａｖｅ　Ｔｒｉｍ')).toBe('dave trim'); // full-width letters and an ideographic space
    expect(normalisedSubject('Zoë Ångström')).toBe(normalisedSubject('Zoe\u0308 A\u030angstro\u0308m'));
    expect(normalisedSubject('İlkay')).toBe(byTheRule('İlkay'));
  });

  it('answers every ASCII name exactly as the full rule does', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    const controls = '\t\n\r\v\f\x00\x1f\x7f';
    const names = [printable, controls, ` ${printable} `, 'a  b', '   ', '', 'MiXeD CaSe', 'x\ty', 'O\u2019Brien'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = `${printable}${controls}`;
    for (let i = 0; i < 2_000; i++) names.push(Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join(''));
    for (const name of names) expect([name, normalisedSubject(name)]).toEqual([name, byTheRule(name)]);
  });
});
