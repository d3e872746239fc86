import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/cli.js';

test("the bin's shebang starts Node with exactly runtime/bin/node-flags.js's flags", async () => {
  const { NODE_FLAGS } = (await import(pathToFileURL(path.join(repoRoot, 'runtime/bin/node-flags.js')).href)) as { NODE_FLAGS: string[] };
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: { llmload: string } };
  const shebang = readFileSync(path.join(repoRoot, pkg.bin.llmload), 'utf8').split('\n')[0]!;
  expect(shebang.startsWith('#!/usr/bin/env -S node ')).toBe(true);
  expect(shebang.split(' ').slice(3)).toEqual(NODE_FLAGS);
  expect(NODE_FLAGS).toContain('--no-node-snapshot');
});
