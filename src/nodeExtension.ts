import * as vscode from 'vscode';
import { activate as activateEverywhere } from './extension';
import { WorkerPool } from './workerPool';
import { openLocalFile } from './nodeFileBytes';

/** The entry where the extension host is Node (desktop, remote, code-server): the extension, plus worker threads to parse large logs and ranged reads of local files. */
export function activate(context: vscode.ExtensionContext): void {
  // The worker's script is the extension's own file, not a workspace file: a path on this host.
  const pool = WorkerPool.create(vscode.Uri.joinPath(context.extensionUri, 'dist', 'parseWorker.js').fsPath);
  if (pool) context.subscriptions.push(pool);
  activateEverywhere(context, { parts: pool, openLocal: openLocalFile });
}

export { deactivate } from './extension';
