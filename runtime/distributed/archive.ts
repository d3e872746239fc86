import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScriptBundle } from '../bundle/bundle.js';
import { modulesDir } from '../bundle/paths.js';
import { LlmloadError } from '../errors.js';

/**
 * What agents run: the script, every local file the bundle was built from
 * (its imports, packages from the user's node_modules) and the files its init
 * code read (open(), datasets), at their paths relative to one root, as k6's
 * archive carries them. The digest names the exact content.
 */
export interface ScriptArchive {
  /** The script's path relative to the archive root. */
  entry: string;
  files: Array<{ path: string; data: string }>;
  /** sha256 of the files (paths and contents), hex. */
  digest: string;
}

/** The archive of a bundled script file; `filesRead` are absolute paths the init code read. */
export function buildArchive(bundle: ScriptBundle, filesRead: readonly string[]): ScriptArchive {
  const entryAbs = path.resolve(bundle.cwd, bundle.filename);
  const asGiven = givenPaths(entryAbs);
  const sources = bundle.map.sources
    .map((s) => asGiven(path.resolve(bundle.cwd, s)))
    .filter((abs) => !abs.startsWith(modulesDir + path.sep) && existsSync(abs) && statSync(abs).isFile());
  const all = [...new Set([entryAbs, ...sources, ...filesRead])].sort();
  const root = commonDir(all);
  const files = all.map((abs) => ({ path: toPosix(path.relative(root, abs)), data: readFileSync(abs).toString('base64') }));
  return { entry: toPosix(path.relative(root, entryAbs)), files, digest: digestOf(files) };
}

/** Writes the archive's files under `dir`; returns the script's absolute path there. */
export async function unpackArchive(archive: ScriptArchive, dir: string): Promise<string> {
  for (const f of archive.files) {
    const target = path.resolve(dir, f.path);
    if (!target.startsWith(path.resolve(dir) + path.sep)) throw new LlmloadError('ERR_INTERNAL', `archive: path "${f.path}" leaves the archive`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, Buffer.from(f.data, 'base64'));
  }
  if (digestOf(archive.files) !== archive.digest) throw new LlmloadError('ERR_INTERNAL', 'archive: the files do not match their digest');
  return path.resolve(dir, archive.entry);
}

/**
 * The digest of the same files read next to a local copy of the script (an
 * agent given the script too): a file that differs or is missing changes it.
 */
export function localDigest(archive: ScriptArchive, localScript: string): string {
  const root = path.resolve(path.dirname(localScript), path.relative(path.dirname(archive.entry), '.'));
  const files = archive.files.map((f) => {
    const abs = f.path === archive.entry ? localScript : path.resolve(root, f.path);
    return { path: f.path, data: existsSync(abs) ? readFileSync(abs).toString('base64') : '' };
  });
  return digestOf(files);
}

/**
 * esbuild names sources by their real paths; the archive keeps the paths the
 * script was given by. A Kubernetes ConfigMap mounts each file as a symlink
 * into a timestamped directory that differs from pod to pod: files beside the
 * script's real path are taken to be beside the script.
 */
function givenPaths(entryAbs: string): (abs: string) => string {
  const real = realpathSync(entryAbs);
  const realDir = path.dirname(real);
  return (abs) => {
    if (abs === real) return entryAbs;
    if (abs.startsWith(realDir + path.sep)) return path.join(path.dirname(entryAbs), path.relative(realDir, abs));
    return abs;
  };
}

function digestOf(files: ReadonlyArray<{ path: string; data: string }>): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.path).update('\0').update(f.data).update('\0');
  return h.digest('hex');
}

function commonDir(files: readonly string[]): string {
  let dir = path.dirname(files[0]!);
  while (!files.every((f) => f.startsWith(dir + path.sep))) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

const toPosix = (p: string) => p.split(path.sep).join('/');
