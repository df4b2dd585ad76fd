import { createHash } from 'node:crypto';
import { canonicalJson, changeContentHash, type ChangeContent } from './content-hash';
import { sha256Hex } from './sha256';
import { normalizeWindow, windowContains, windowIncludes, windowsOverlap } from './time-window';

const CONTENT: ChangeContent = {
  implementationPlan: 'Upgrade.',
  backoutPlan: 'Restore.',
  testPlan: 'Smoke test.',
  window: { start: '2025-03-10T22:00:00.000Z', end: '2025-03-11T02:00:00.000Z' },
  affectedCiIds: ['ci-a', 'ci-b'],
};

describe('SHA-256, implemented without node:crypto', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('matches the FIPS 180-4 test vector for %p', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  it('agrees with node:crypto across block boundaries and non-ASCII text', () => {
    const texts = [55, 56, 63, 64, 65, 119, 120, 1000].map((n) => 'x'.repeat(n));
    for (const text of [...texts, 'Zürich → 東京 🚀', canonicalJson(CONTENT)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('Canonical JSON', () => {
  it('sorts keys at every depth, keeps array order, and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' }, z: undefined })).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
  });

  it('gives the same text whatever order keys were built in', () => {
    const reordered = {
      affectedCiIds: CONTENT.affectedCiIds,
      window: { end: CONTENT.window.end, start: CONTENT.window.start },
      testPlan: 'Smoke test.',
      backoutPlan: 'Restore.',
      implementationPlan: 'Upgrade.',
    };
    expect(canonicalJson(reordered)).toBe(canonicalJson(CONTENT));
  });
});

describe('The content hash an approval is bound to', () => {
  const hash = changeContentHash(CONTENT);

  it('is sha256 over the canonical content, named by its algorithm', () => {
    expect(hash).toBe(`sha256:${createHash('sha256').update(canonicalJson(CONTENT)).digest('hex')}`);
  });

  it.each([
    ['implementation plan', { implementationPlan: 'Upgrade twice.' }],
    ['backout plan', { backoutPlan: 'Restore from tape.' }],
    ['test plan', { testPlan: 'Full regression.' }],
    ['window', { window: { ...CONTENT.window, end: '2025-03-11T03:00:00.000Z' } }],
    ['affected CIs', { affectedCiIds: ['ci-a'] }],
  ])('changes with the %s', (_field, changes) => {
    expect(changeContentHash({ ...CONTENT, ...changes })).not.toBe(hash);
  });

  it('ignores anything outside the bound content (title, justification, assignee)', () => {
    const withExtras = { ...CONTENT, title: 'x', justification: 'y', assignee: 'z' } as ChangeContent;
    expect(changeContentHash(withExtras)).toBe(hash);
  });
});

describe('Time windows (half-open)', () => {
  const w = (start: string, end: string) => ({ start: `2025-03-10T${start}:00.000Z`, end: `2025-03-10T${end}:00.000Z` });

  it('normalize to UTC with milliseconds, and reject what does not end after it starts', () => {
    expect(normalizeWindow({ start: '2025-03-10T23:00+01:00', end: '2025-03-10T23:30:00Z' })).toEqual(w('22:00', '23:30'));
    expect(normalizeWindow(w('22:00', '22:00'))).toBeUndefined();
    expect(normalizeWindow({ start: '2025-03-10', end: '2025-03-11' })).toBeUndefined();
    expect(normalizeWindow(null)).toBeUndefined();
  });

  it('overlap only when they share time: touching is not overlapping', () => {
    expect(windowsOverlap(w('10:00', '11:00'), w('11:00', '12:00'))).toBe(false);
    expect(windowsOverlap(w('10:00', '11:01'), w('11:00', '12:00'))).toBe(true);
  });

  it('include their start and exclude their end', () => {
    expect(windowIncludes(w('10:00', '11:00'), '2025-03-10T10:00:00.000Z')).toBe(true);
    expect(windowIncludes(w('10:00', '11:00'), '2025-03-10T11:00:00.000Z')).toBe(false);
  });

  it('contain a window within or equal to them', () => {
    expect(windowContains(w('10:00', '12:00'), w('10:00', '12:00'))).toBe(true);
    expect(windowContains(w('10:00', '12:00'), w('09:59', '11:00'))).toBe(false);
  });
});
