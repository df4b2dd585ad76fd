import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import { resolveAuditKeys } from '@itsm/config';
import { trustedKeys, type TrustedKeys } from '@itsm/event-store';
import { checkEvidencePack, type Manifest } from '@itsm/compliance';
import { configOrExit } from './cli';

const USAGE = `npm run -s evidence:verify -- PACK [--public-key FILE]...

Checks an evidence pack as handed over (a folder, or its .zip): the manifest's signature by a
trusted key, and every file against the SHA-256 and size the manifest lists (a file changed, missing
or added is reported). --public-key trusts the key in FILE (PEM: the publicKey of GET
/audit/public-key) instead of the configured ones. Exits 0 when the pack holds, 1 when it does not,
2 when it could not check.`;

class UsageError extends Error {}

function filesOf(pack: string): Map<string, Uint8Array> {
  if (!fs.existsSync(pack)) throw new UsageError(`No pack at ${pack}`);
  if (fs.statSync(pack).isFile()) return new Map(Object.entries(unzipSync(fs.readFileSync(pack))).filter(([name]) => !name.endsWith('/')));
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(pack, full).split(path.sep).join('/'), fs.readFileSync(full));
    }
  };
  walk(pack);
  return files;
}

function trusted(publicKeyFiles: readonly string[]): TrustedKeys {
  if (publicKeyFiles.length > 0) return trustedKeys(publicKeyFiles.map((file) => createPublicKey(fs.readFileSync(file, 'utf8'))));
  return trustedKeys(resolveAuditKeys(configOrExit().audit).trustedPublicKeys);
}

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { 'public-key': { type: 'string', multiple: true }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [pack] = parsed.positionals;
  if (pack === undefined || parsed.positionals.length > 1) throw new UsageError('Name one pack: a folder or a .zip');
  const files = filesOf(pack);
  const manifestFile = files.get('manifest.json');
  if (manifestFile === undefined) throw new UsageError(`${pack} has no manifest.json`);
  files.delete('manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestFile)) as Manifest;
  } catch {
    throw new UsageError(`${pack}: manifest.json is not JSON`);
  }
  const check = checkEvidencePack(manifest, files, trusted(parsed.values['public-key'] ?? []));
  console.log(JSON.stringify(check, null, 2));
  return check.ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `Could not check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
