import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The llmload package root, found by walking up from this file: works from
 * the sources (runtime/bundle/) and from the built dist/cli.js alike.
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'llmload') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('llmload: cannot find the package root (package.json named "llmload")');
    dir = up;
  }
}

export const packageRoot = findPackageRoot();
/** Sources of the in-isolate modules, bundled with each script. */
export const modulesDir = path.join(packageRoot, 'runtime', 'modules');
