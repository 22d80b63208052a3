import * as vscode from 'vscode';
import { activate as activateEverywhere } from './extension';
import { WorkerPool } from './workerPool';

/** The entry where the extension host is Node (desktop, remote, code-server): the extension, plus worker threads to parse large logs. */
export function activate(context: vscode.ExtensionContext): void {
  // The worker's script is the extension's own file, not a workspace file: a path on this host.
  const pool = WorkerPool.create(vscode.Uri.joinPath(context.extensionUri, 'dist', 'parseWorker.js').fsPath);
  if (pool) context.subscriptions.push(pool);
  activateEverywhere(context, pool);
}

export { deactivate } from './extension';
