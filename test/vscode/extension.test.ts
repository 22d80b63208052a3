import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'training-curves.training-curves';

suite('Training Curves in the extension host', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  test('contributes the Compare Runs and Open as Text commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('trainingCurves.compareRuns'));
    assert.ok(commands.includes('trainingCurves.openAsText'));
  });

  test('opens a *.metrics.jsonl log in the Training Curves editor, not as text', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the samples folder is open');
    const uri = vscode.Uri.joinPath(folder.uri, 'grpo.metrics.jsonl');
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
    assert.strictEqual((tab.input as vscode.TabInputCustom).viewType, 'trainingCurves.metricsLog');
  });
});
