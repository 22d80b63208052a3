/**
 * The webview's Content Security Policy, in a module of its own (no vscode import) so that the webview
 * tests' page (test/webview/page.mjs) runs the bundle under the very policy the product sets.
 */

/**
 * Nothing but our own bundle: styles, fonts and images from `source` (the webview's cspSource, the one
 * folder it may load from; images also as data: URLs), scripts only with `nonce`, and no inline style.
 */
export function webviewCsp(source: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${source} data:`,
    `style-src ${source}`,
    `font-src ${source}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
