import * as vscode from 'vscode';
import type { LogSource } from './logSource';
import type { LogRegistry } from './logRegistry';
import { ChartView, type ViewServices } from './chartView';
import { largeFileThresholdBytes } from './settings';
import { formatBytes } from './core/format';
import { plainText } from './core/display';

export const METRICS_EDITOR_VIEW_TYPE = 'trainingCurves.metricsLog';
/** The same editor for the other formats, offered through "Open in Training Curves" / "Reopen Editor With". */
export const OTHER_LOG_VIEW_TYPE = 'trainingCurves.log';

/** A metrics log opened in the custom editor: the parsed file, shared by every editor showing it. */
class MetricsDocument implements vscode.CustomDocument {
  constructor(
    readonly file: LogSource,
    private readonly registry: LogRegistry,
  ) {}
  get uri(): vscode.Uri {
    return this.file.uri;
  }
  dispose(): void {
    this.registry.release(this.file);
  }
}

/** Opens `*.metrics.jsonl` as charts instead of text. Read-only: the log belongs to the trainer. */
export class MetricsEditorProvider implements vscode.CustomReadonlyEditorProvider<MetricsDocument> {
  /** The editor most recently focused, so "Open as Text" knows which file to open. */
  private active: MetricsDocument | undefined;

  constructor(private readonly services: ViewServices) {}

  static register(context: vscode.ExtensionContext, services: ViewServices): MetricsEditorProvider {
    const provider = new MetricsEditorProvider(services);
    for (const viewType of [METRICS_EDITOR_VIEW_TYPE, OTHER_LOG_VIEW_TYPE]) {
      context.subscriptions.push(
        vscode.window.registerCustomEditorProvider(viewType, provider, { supportsMultipleEditorsPerDocument: true }),
      );
    }
    return provider;
  }

  get activeUri(): vscode.Uri | undefined {
    return this.active?.uri;
  }

  async openCustomDocument(uri: vscode.Uri): Promise<MetricsDocument> {
    await this.confirmSize(uri);
    return new MetricsDocument(await this.services.registry.acquire(uri, false), this.services.registry);
  }

  /** Like the hex editor: a log over the size setting is loaded only when the user says so. */
  private async confirmSize(uri: vscode.Uri): Promise<void> {
    const threshold = largeFileThresholdBytes();
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size <= threshold) return;
    const name = plainText(uri.path.slice(uri.path.lastIndexOf('/') + 1));
    const open = vscode.l10n.t('Open Anyway');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        "{0} is {1}, over the {2} set in trainingCurves.largeFileThresholdMB. Its columns need memory of about the file's size. Open it?",
        name,
        formatBytes(size),
        formatBytes(threshold),
      ),
      { modal: true },
      open,
    );
    if (answer !== open)
      throw new Error(
        vscode.l10n.t(
          '{0} was not opened: it is {1} (over trainingCurves.largeFileThresholdMB).',
          name,
          formatBytes(size),
        ),
      );
  }

  resolveCustomEditor(document: MetricsDocument, panel: vscode.WebviewPanel): void {
    const title = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const view = new ChartView(panel, this.services, title, [document.file]);
    if (panel.active) this.active = document;
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.active = document;
    });
    panel.onDidDispose(() => {
      if (this.active === document) this.active = undefined;
      view.dispose();
    });
  }
}
