import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ParsedLog } from '../../src/core/formats/types';
import type { Run } from '../../src/core/types';

/** test/fixtures, from the compiled test in out/test/unit. */
export const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');

export function fixture(path: string): Uint8Array {
  return readFileSync(join(FIXTURES, path));
}

/** Every file under a fixture folder, `/`-separated and relative to it (what the host's folder walk gives). */
export function listFixtures(folder: string): string[] {
  const root = join(FIXTURES, folder);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

export function onlyRun(log: ParsedLog): Run {
  if (log.error !== undefined) throw new Error(`unexpected error: ${log.error}`);
  if (log.runs.length !== 1) throw new Error(`expected one run, got ${log.runs.map((r) => r.name).join(', ')}`);
  return log.runs[0]!;
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
