import * as vscode from 'vscode';
import { METRICS_EDITOR_VIEW_TYPE, MetricsEditorProvider, OTHER_LOG_VIEW_TYPE } from './editorProvider';
import { COMPARE_VIEW_TYPE, compareRuns, openComparison, openFolderOfRuns, showComparison } from './compare';
import { ComparisonStore, restoredComparison } from './comparisonStore';
import { LogRegistry } from './logRegistry';
import { LiveStatus } from './liveStatus';
import { ChartView, type ViewServices } from './chartView';
import { WorkspaceRuns } from './workspaceRuns';
import { IndexStore, LogIndexer } from './sidebarIndex';
import { watchBenchmarkPatterns } from './settings';
import { nodeTarget, RunsTreeProvider, type Node } from './tree';
import type { PartParser } from './core/parts';
import { fileOpener, type OpenFile } from './fileBytes';
import { fileOf, runKindOf } from './core/runUri';
import { COMMANDS } from './commands';

/** What a Node host adds (nodeExtension.ts): worker threads for parsing large logs, ranged reads of local files. */
export interface NodeHost {
  readonly parts?: PartParser;
  readonly openLocal: OpenFile;
}

/** The extension, wherever VS Code runs it (this is the browser build's entry; nodeExtension.ts adds `node`). */
export function activate(context: vscode.ExtensionContext, node?: NodeHost): void {
  const { extensionUri } = context;
  // Large reads are told there (times, and whether worker threads parsed them): Output › Training Curves.
  const log = vscode.window.createOutputChannel(vscode.l10n.t('Training Curves'), { log: true });
  const open = fileOpener(node?.openLocal);
  const registry = new LogRegistry(open, node?.parts, log);
  const live = new LiveStatus();
  const comparisons = new ComparisonStore(context.workspaceState);
  const services: ViewServices = { extensionUri, registry, live, comparisons, log };
  // The sidebar's indexes are kept per workspace (or, with no folder open, for the window's files).
  const indexes = new IndexStore(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'sidebar-index'));
  const workspaceRuns = new WorkspaceRuns(new LogIndexer(open, node?.parts), indexes, log);
  const tree = new RunsTreeProvider(workspaceRuns);
  const treeView = vscode.window.createTreeView('trainingCurves.runs', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: false,
  });
  const editors = MetricsEditorProvider.register(context, services);

  // A folder run (TensorBoard, lm-eval, MLflow) has no file to open: it is charted alone.
  const openLog = (file: string) => {
    const uri = vscode.Uri.parse(file);
    if (runKindOf(uri) !== 'file') return openComparison(services, { files: [file] });
    const viewType = /\.metrics\.jsonl$|\.tfevents\./i.test(uri.path) ? METRICS_EDITOR_VIEW_TYPE : OTHER_LOG_VIEW_TYPE;
    return vscode.commands.executeCommand('vscode.openWith', uri, viewType);
  };

  context.subscriptions.push(
    watchBenchmarkPatterns(),
    log,
    registry,
    live,
    workspaceRuns,
    tree,
    treeView,
    treeView.onDidChangeCheckboxState((e) => tree.setChecked(e.items)),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        // The state comes from the webview: only an id the host kept counts, never files it names.
        const restored = restoredComparison(state, comparisons);
        if (restored) await showComparison(panel, services, restored.spec, restored.id);
        else panel.dispose();
      },
    }),
    vscode.commands.registerCommand(COMMANDS.compareRuns, (uri?: unknown, uris?: unknown) => {
      // From the Explorer: the clicked file and the whole selection. From the palette or the sidebar: the ticked runs.
      const selected = Array.isArray(uris)
        ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri)
        : uri instanceof vscode.Uri
          ? [uri]
          : [];
      const ticked = [...new Set(tree.checkedRuns().map((r) => r.file))].map((f) => vscode.Uri.parse(f));
      return compareRuns(services, selected.length > 0 ? selected : ticked);
    }),
    vscode.commands.registerCommand(COMMANDS.openChart, (node: Node) => {
      const target = nodeTarget(node);
      if (target.files.length === 1 && !target.metrics) return openLog(target.files[0]!);
      return openComparison(services, { files: target.files, metrics: target.metrics, title: target.title });
    }),
    vscode.commands.registerCommand(COMMANDS.compareSelection, (node: Node) => {
      const { files, metrics, title } = nodeTarget(node);
      return openComparison(services, { files, metrics, title });
    }),
    vscode.commands.registerCommand(COMMANDS.revealLog, (node: Node) => {
      const [file] = nodeTarget(node).files;
      if (file) return vscode.commands.executeCommand('revealInExplorer', fileOf(vscode.Uri.parse(file)));
      return undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.openLog, (node: Node) => {
      const [file] = nodeTarget(node).files;
      return file ? openLog(file) : undefined;
    }),
    // The walkthrough's button asks for the sample 'beside' it, so its steps stay in view (its `toSide:` links
    // race: the sample sometimes opened over the walkthrough, beside an empty group).
    vscode.commands.registerCommand(COMMANDS.openSample, (where?: unknown) =>
      vscode.commands.executeCommand(
        'vscode.openWith',
        vscode.Uri.joinPath(extensionUri, 'media', 'sample.metrics.jsonl'),
        METRICS_EDITOR_VIEW_TYPE,
        where === 'beside' ? vscode.ViewColumn.Beside : undefined,
      ),
    ),
    vscode.commands.registerCommand(COMMANDS.openFolderOfRuns, (folder?: unknown) =>
      openFolderOfRuns(services, folder instanceof vscode.Uri ? folder : undefined),
    ),
    vscode.commands.registerCommand(COMMANDS.openInTrainingCurves, async (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) return;
      // The click that selected the file in the Explorer opened it as text in a preview tab: the charts replace it.
      const previews = vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter(
          (tab) =>
            tab.isPreview && tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === target.toString(),
        );
      await vscode.commands.executeCommand('vscode.openWith', target, OTHER_LOG_VIEW_TYPE);
      await vscode.window.tabGroups.close(previews);
    }),
    vscode.commands.registerCommand(COMMANDS.showFormat, () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, 'docs', 'format.md')),
    ),
    // The view's own toolbar actions, for the view last active.
    ...(['compareMethods', 'exportSvg', 'exportReport'] as const).map((action) =>
      vscode.commands.registerCommand(COMMANDS[action], () => {
        if (!ChartView.act(action))
          void vscode.window.showInformationMessage(vscode.l10n.t('Training Curves: open a chart view first.'));
      }),
    ),
    vscode.commands.registerCommand(COMMANDS.openAsText, (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : editors.activeUri;
      return target ? vscode.commands.executeCommand('vscode.openWith', target, 'default') : undefined;
    }),
  );
}

export function deactivate(): void {}
