// The page the webview bundle runs in outside VS Code (webview tests, render benchmark): the editor's
// CSP (src/webviewCsp.ts, the product's own) with `origin` standing for the webview's resource root, the
// stub of acquireVsCodeApi (stub.js) and the built bundle (main.js, main.css), all served under `origin`.
import { importTs } from './tsModule.mjs';

const { webviewCsp } = await importTs('src/webviewCsp.ts');

export const NONCE = 'n0nce4test';

export function webviewPage(origin, title) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(origin, NONCE)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/main.css">
<title>${title}</title>
</head>
<body class="vscode-light">
<script nonce="${NONCE}" src="${origin}/stub.js"></script>
<script nonce="${NONCE}" src="${origin}/main.js"></script>
</body>
</html>`;
}
