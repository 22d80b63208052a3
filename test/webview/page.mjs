// The page the webview bundle runs in outside VS Code (webview tests, render benchmark): the editor's
// CSP (src/webviewHtml.ts) with `origin` standing for the webview's resource root, the stub of
// acquireVsCodeApi (stub.js) and the built bundle (main.js, main.css), all served under `origin`.
export const NONCE = 'n0nce4test';

export function webviewPage(origin, title) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${origin} data:; style-src ${origin}; font-src ${origin}; script-src 'nonce-${NONCE}'">
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
