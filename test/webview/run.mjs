// Runs every webview test file (*.test.mjs here: one per feature), a few at a time, each in its own
// process with its own Chromium. Run after `node esbuild.js`: node test/webview/run.mjs [file …]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const here = path.dirname(fileURLToPath(import.meta.url));
const named = process.argv.slice(2).map((f) => path.resolve(f));
const files =
  named.length > 0
    ? named
    : fs
        .readdirSync(here)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => path.join(here, f));
// Most of a test is waiting for Chromium to draw: two files at a time about halves the time on two cores.
const stream = run({ files, concurrency: 2 });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(spec).pipe(process.stdout);
