import * as vscode from 'vscode';
import { LogFile } from './logFile';
import { ChartView } from './chartView';
import { runNameFromUri } from './charts';

const METRICS_GLOB = '**/*.metrics.jsonl';

/** Asks which runs to compare (every metrics log in the workspace, plus any given), then opens the comparison. */
export async function compareRuns(extensionUri: vscode.Uri, preselected: readonly vscode.Uri[] = []): Promise<void> {
  const found = await vscode.workspace.findFiles(METRICS_GLOB, '**/node_modules/**');
  const byKey = new Map<string, vscode.Uri>();
  for (const uri of [...preselected, ...found]) byKey.set(uri.toString(), uri);
  const uris = [...byKey.values()].sort((a, b) => a.path.localeCompare(b.path));
  if (uris.length === 0) {
    void vscode.window.showInformationMessage('Training Curves: no *.metrics.jsonl logs found in this workspace.');
    return;
  }
  let chosen: readonly vscode.Uri[] = preselected;
  if (preselected.length < 2) {
    const picked = await vscode.window.showQuickPick(
      uris.map((uri) => ({
        label: runNameFromUri(uri),
        description: vscode.workspace.asRelativePath(uri),
        picked: preselected.some((p) => p.toString() === uri.toString()),
        uri,
      })),
      { canPickMany: true, title: 'Training Curves: Compare Runs', placeHolder: 'Pick the runs to compare' },
    );
    if (!picked || picked.length === 0) return;
    chosen = picked.map((p) => p.uri);
  }
  await openComparison(extensionUri, chosen);
}

async function openComparison(extensionUri: vscode.Uri, uris: readonly vscode.Uri[]): Promise<void> {
  const files = uris.map((uri) => new LogFile(uri));
  await Promise.all(files.map((f) => f.refresh()));
  for (const f of files) f.follow();
  const title = `Compare: ${uris.map(runNameFromUri).join(' vs ')}`;
  const panel = vscode.window.createWebviewPanel('trainingCurves.compare', title, vscode.ViewColumn.Active);
  const view = new ChartView(panel.webview, extensionUri, title, files);
  panel.onDidDispose(() => {
    view.dispose();
    for (const f of files) f.dispose();
  });
}
