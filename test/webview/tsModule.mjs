// Loads a TypeScript module of the repository into Node (the page's CSP, the fixtures): bundled by esbuild
// into a temporary file, imported, and removed, so no build step is needed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The module at `file` (relative to the repository), with REPO_ROOT defined for modules that read files. */
export async function importTs(file) {
  const { outputFiles } = await build({
    entryPoints: [path.join(ROOT, file)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    // Stack traces name the TypeScript sources (node --enable-source-maps).
    sourcemap: 'inline',
    define: { REPO_ROOT: JSON.stringify(ROOT) },
    logLevel: 'error',
  });
  // A file rather than a data: URL, so that a stack trace names a path, not the whole module.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-ts-'));
  const bundle = path.join(dir, `${path.basename(file, '.ts')}.mjs`);
  fs.writeFileSync(bundle, outputFiles[0].text);
  try {
    return await import(bundle);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
