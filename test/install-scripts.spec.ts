import fs from 'node:fs';
import path from 'node:path';

/**
 * npm runs a dependency's install script only if package.json's `allowScripts` approves it (npm 12
 * blocks the others; npm 11 runs them with a warning). better-sqlite3 builds its native binding in
 * one, so an unreviewed list means a projector that cannot open SQLite. Every package the lockfile
 * marks `hasInstallScript` must be decided here: `true` (runs) or `false` (never runs), so a new
 * dependency with an install script cannot slip in unreviewed, and a decision outlives no package.
 */
const ROOT = path.resolve(__dirname, '..');

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly hasInstallScript?: boolean;
  readonly link?: boolean;
}

function read<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

/** The package a lockfile key installs: its own `name` (an alias) or the last `node_modules/<name>` of the path. */
function packageName(key: string, entry: LockEntry): string {
  if (entry.name) return entry.name;
  const at = key.lastIndexOf('node_modules/');
  return key.slice(at + 'node_modules/'.length);
}

/** `name` (any version) or `name@1.2.3` (that version); npm also accepts ranges, which this check does not read. */
function parseEntry(key: string): { name: string; version?: string } {
  const at = key.indexOf('@', 1);
  if (at === -1) return { name: key };
  const version = key.slice(at + 1);
  if (!/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(version)) throw new Error(`allowScripts entry "${key}": pin one exact version or none (extend this test for ranges)`);
  return { name: key.slice(0, at), version };
}

describe('allowScripts (package.json) against the install scripts of package-lock.json', () => {
  const pkg = read<{ allowScripts?: Record<string, boolean> }>('package.json');
  const lock = read<{ lockfileVersion: number; packages: Record<string, LockEntry> }>('package-lock.json');
  const decisions = Object.entries(pkg.allowScripts ?? {}).map(([key, allowed]) => ({ key, allowed, ...parseEntry(key) }));
  const withScripts = Object.entries(lock.packages)
    .filter(([key, entry]) => key !== '' && entry.hasInstallScript && !entry.link)
    .map(([key, entry]) => ({ key, name: packageName(key, entry), version: entry.version }));

  it('reads a lockfile that records install scripts (lockfileVersion 2 or 3)', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(withScripts.map((p) => p.name)).toContain('better-sqlite3');
  });

  it('decides every package that has an install script', () => {
    const undecided = withScripts
      .filter((p) => !decisions.some((d) => d.name === p.name && (d.version === undefined || d.version === p.version)))
      .map((p) => `${p.name}@${p.version} (${p.key})`);
    expect(undecided).toEqual([]);
  });

  it('lets better-sqlite3 build its native binding', () => {
    expect(decisions.filter((d) => d.name === 'better-sqlite3').map((d) => d.allowed)).toEqual([true]);
  });

  it('holds no decision about a package that no longer has an install script here', () => {
    const stale = decisions.filter((d) => !withScripts.some((p) => p.name === d.name)).map((d) => d.key);
    expect(stale).toEqual([]);
  });

  it('uses only true or false', () => {
    expect(decisions.filter((d) => typeof d.allowed !== 'boolean').map((d) => d.key)).toEqual([]);
  });
});
