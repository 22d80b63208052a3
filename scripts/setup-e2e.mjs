// Installs what the e2e tests and `npm start` need (Node 24, code-server, Debian chromium) into the
// git-ignored .vscode-test/ folder. Safe to re-run: a finished install is reused.
import { ensureSetup } from './codeserver.mjs';

const started = Date.now();
try {
  ensureSetup();
  console.log(`[e2e-setup] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`[e2e-setup] FAILED: ${e.message}`);
  process.exit(1);
}
