// `npm start`: builds and packages the extension, installs the VSIX into a fresh code-server profile and
// serves samples/ in the browser. Ctrl+C stops code-server and all its helper processes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, ROOT, ensureSetup, installVsix, startCodeServer } from './codeserver.mjs';

function npmRun(script) {
  console.log(`[start] npm run ${script}`);
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed`);
}

async function main() {
  npmRun('build');
  npmRun('package');
  // The demo needs no browser of ours: the user opens the URL in their own.
  ensureSetup({ browser: false });

  const demo = path.join(CACHE_DIR, 'demo');
  const userDataDir = path.join(demo, 'user-data');
  const extensionsDir = path.join(demo, 'extensions');
  fs.rmSync(demo, { recursive: true, force: true });
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  installVsix(path.join(ROOT, 'training-curves.vsix'), { userDataDir, extensionsDir });

  const folder = path.join(ROOT, 'samples');
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const server = await startCodeServer({ folder, port, userDataDir, extensionsDir });
  console.log(`\n[start] Training Curves demo: ${server.url}?folder=${encodeURIComponent(folder)}`);
  console.log(`[start] code-server log: ${server.logFile}. Press Ctrl+C to stop.\n`);

  let stopping = false;
  async function shutdown(signal) {
    if (stopping) return;
    stopping = true;
    console.log(`[start] ${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  }
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const code = await server.exit;
  if (stopping) return;
  console.error(`[start] code-server exited on its own (${code}); see ${server.logFile}`);
  await server.stop(); // its helpers may still be running
  process.exit(1);
}

main().catch((e) => {
  console.error(`[start] ${e.message}`);
  process.exit(1);
});
