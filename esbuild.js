// Bundles the extension host (node/cjs, with its parser worker; and for the browser) and the webview (browser/iife) into dist/.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };

const builds = [
  {
    ...common,
    entryPoints: ['src/nodeExtension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  // The worker threads that parse parts of large logs (Node hosts only).
  {
    ...common,
    entryPoints: ['src/parseWorker.ts'],
    outfile: 'dist/parseWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  // VS Code for the Web runs extensions in a web worker: the same host code, bundled for the browser.
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

function copyStatic() {
  fs.mkdirSync('dist/webview', { recursive: true });
  fs.copyFileSync(path.join('webview', 'main.css'), path.join('dist', 'webview', 'main.css'));
}

(async () => {
  // A production build is packaged: start clean so no stale source map ships.
  if (production) fs.rmSync('dist', { recursive: true, force: true });
  copyStatic();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
