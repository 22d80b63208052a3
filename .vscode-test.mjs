// Extension-host tests for machines that can download VS Code desktop (`npm run test:vscode`).
// CI here cannot download it; the code-server e2e suite covers the same ground there.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/vscode/**/*.test.js',
  workspaceFolder: './samples',
  mocha: { ui: 'tdd', timeout: 30000 },
});
