import * as vscode from 'vscode';
import { MetricsEditorProvider } from './editorProvider';
import { compareRuns } from './compare';

export function activate(context: vscode.ExtensionContext): void {
  const editors = MetricsEditorProvider.register(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('trainingCurves.compareRuns', (uri?: vscode.Uri, uris?: vscode.Uri[]) =>
      compareRuns(context.extensionUri, uris ?? (uri instanceof vscode.Uri ? [uri] : [])),
    ),
    vscode.commands.registerCommand('trainingCurves.openAsText', (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : editors.activeUri;
      if (target) return vscode.commands.executeCommand('vscode.openWith', target, 'default');
      return undefined;
    }),
  );
}

export function deactivate(): void {}
