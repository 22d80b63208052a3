import * as vscode from 'vscode';
import { ChartView, type ViewServices } from './chartView';
import { METRICS_GLOB } from './workspaceRuns';
import { detectFormat, discoverRuns, folderRunName, logName } from './core/formats';
import { listFiles } from './formatSource';
import { plainText } from './core/display';
import { folderRunUri, runKindOf } from './core/runUri';
import { comparisonTitle } from './core/viewModel';

export const COMPARE_VIEW_TYPE = 'trainingCurves.compare';

/** What a comparison panel shows; also what it saves to come back after a window reload. */
export interface ComparisonSpec {
  readonly files: readonly string[];
  /** Only these metrics (a benchmark's, or one), or every shared metric when absent. */
  readonly metrics?: readonly string[];
  readonly title?: string;
}

/**
 * Asks which runs to compare (every metrics log in the workspace, with `preselected` ticked), then opens
 * the comparison. Two or more preselected logs (an Explorer multi-selection) skip the question.
 */
export async function compareRuns(services: ViewServices, preselected: readonly vscode.Uri[] = []): Promise<void> {
  if (preselected.length >= 2) {
    await openComparison(services, { files: preselected.map(String) });
    return;
  }
  const found = await vscode.workspace.findFiles(METRICS_GLOB, '**/node_modules/**');
  const byKey = new Map<string, vscode.Uri>();
  for (const uri of [...preselected, ...found]) byKey.set(uri.toString(), uri);
  const uris = [...byKey.values()].sort((a, b) => a.path.localeCompare(b.path));
  if (uris.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Training Curves: no *.metrics.jsonl logs in this workspace to compare.'),
    );
    return;
  }
  const ticked = new Set(preselected.map(String));
  const picked = await vscode.window.showQuickPick(
    uris.map((uri) => ({
      label: plainText(logName(uri.path)),
      description: plainText(vscode.workspace.asRelativePath(uri), 400),
      picked: ticked.has(uri.toString()),
      uri,
    })),
    {
      canPickMany: true,
      title: vscode.l10n.t('Training Curves: Compare Runs'),
      placeHolder: vscode.l10n.t('Pick the runs to compare'),
    },
  );
  if (!picked || picked.length === 0) return;
  await openComparison(services, { files: picked.map((p) => p.uri.toString()) });
}

/** The tab title before the runs are read: the logs' names from their paths. */
function titleOf(spec: ComparisonSpec): string {
  return comparisonTitle(
    spec.title,
    spec.files.map((f) => {
      const uri = vscode.Uri.parse(f);
      return runKindOf(uri) === 'file' ? logName(uri.path) : folderRunName(uri.path);
    }),
  );
}

export async function openComparison(services: ViewServices, spec: ComparisonSpec): Promise<void> {
  const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, titleOf(spec), vscode.ViewColumn.Active);
  await showComparison(panel, services, spec, services.comparisons.add(spec));
}

/**
 * Fills `panel` (new, or restored after a reload) with the comparison `spec` describes; `id` is where
 * the host keeps the spec (ComparisonStore): the webview only holds the id.
 */
export async function showComparison(
  panel: vscode.WebviewPanel,
  services: ViewServices,
  spec: ComparisonSpec,
  id: string,
): Promise<void> {
  panel.title = titleOf(spec);
  const files = await Promise.all(spec.files.map((f) => services.registry.acquire(vscode.Uri.parse(f), false)));
  const view = new ChartView(panel, services, panel.title, files, {
    metrics: spec.metrics,
    restore: { comparison: id },
    // Once read, the runs' own names (an MLflow runName, an lm-eval model) title the tab, as the run list shows them.
    titleOf: (labels) => (labels.length > 0 ? comparisonTitle(spec.title, labels) : undefined),
  });
  panel.onDidDispose(() => {
    view.dispose();
    for (const f of files) services.registry.release(f);
  });
}

/** Bytes enough for detectFormat to tell whether a `.jsonl` or `.csv` file is a log. */
const SNIFF_BYTES = 4096;
/**
 * JSON files a checkpoint folder holds beside results (model and tokenizer files): never logs, and some
 * are large, so they are not read to be sniffed. Nor is any `.json` past MAX_JSON_BYTES: results are small.
 */
const NOT_A_LOG_JSON =
  /^(?:config|generation_config|tokenizer|tokenizer_config|special_tokens_map|vocab|added_tokens|adapter_config|preprocessor_config|.*\.index)\.json$/i;
const MAX_JSON_BYTES = 64 << 20;

/** Whether a candidate `.json` is worth reading to sniff (see NOT_A_LOG_JSON). */
async function worthSniffing(uri: vscode.Uri): Promise<boolean> {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  if (!/\.json$/i.test(name)) return true;
  if (NOT_A_LOG_JSON.test(name)) return false;
  return (await vscode.workspace.fs.stat(uri)).size <= MAX_JSON_BYTES;
}

/** The runs under `folder`, as URIs a registry can open (see runUri.ts). */
export async function runsInFolder(folder: vscode.Uri): Promise<vscode.Uri[]> {
  const { runs, candidates } = discoverRuns(await listFiles(folder));
  const uris = runs.map((run) =>
    run.kind === 'file'
      ? vscode.Uri.joinPath(folder, run.path)
      : folderRunUri(run.folder ? vscode.Uri.joinPath(folder, run.folder) : folder, run.kind),
  );
  for (const path of candidates) {
    const uri = vscode.Uri.joinPath(folder, path);
    if (!(await worthSniffing(uri))) continue;
    const head = (await vscode.workspace.fs.readFile(uri)).subarray(0, SNIFF_BYTES);
    if (detectFormat(path, head)) uris.push(uri);
  }
  return uris;
}

/** "Open Folder of Runs": every supported log under a folder, compared on one set of charts. */
export async function openFolderOfRuns(services: ViewServices, folder?: vscode.Uri): Promise<void> {
  const target =
    folder ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: vscode.l10n.t('Open Runs'),
        title: vscode.l10n.t('Training Curves: Open Folder of Runs'),
      })
    )?.[0];
  if (!target) return;
  const uris = await runsInFolder(target);
  if (uris.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Training Curves: no training logs under {0} (see "Show the Log Format").',
        plainText(vscode.workspace.asRelativePath(target), 400),
      ),
    );
    return;
  }
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  await openComparison(services, { files: uris.map(String), title: name });
}
