import * as vscode from 'vscode';
import { dispatch, type Handlers, type HostToWebview, type ViewSettings, type WebviewToHost } from './protocol';
import { buildCharts, dataCsv, DEFAULT_SETTINGS, runsOfParser, skippedSummary, type RunColumns } from './charts';
import type { LogFile } from './logFile';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** Chart width assumed until the webview reports its own. */
const DEFAULT_CHART_WIDTH = 400;
/** Live appends arrive in bursts; redraw at most this often. */
const UPDATE_DELAY_MS = 100;

function benchmarkPatterns(): string[] {
  return vscode.workspace.getConfiguration('trainingCurves').get<string[]>('benchmarkPatterns', []);
}

/**
 * Shows the charts of one or more logs in a webview and keeps them current as the logs change.
 * The single-log editor and the comparison panel are both this view over different sets of files.
 */
export class ChartView implements vscode.Disposable {
  private chartWidth = DEFAULT_CHART_WIDTH;
  private settings: ViewSettings = DEFAULT_SETTINGS;
  private ready = false;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    private readonly title: string,
    private readonly files: readonly LogFile[],
  ) {
    webview.options = webviewOptions(extensionUri);
    webview.html = webviewHtml(webview, extensionUri, title);
    const handlers: Handlers<WebviewToHost> = {
      ready: (m) => {
        this.ready = true;
        this.chartWidth = m.chartWidth;
        this.settings = m.settings;
        this.post();
      },
      resize: (m) => {
        this.chartWidth = m.chartWidth;
        this.post();
      },
      settings: (m) => {
        this.settings = m.settings;
        this.post();
      },
      openAsText: () => {
        for (const file of files) void vscode.commands.executeCommand('vscode.openWith', file.uri, 'default');
      },
      copy: (m) => {
        void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage(`Copied ${m.what}`, 3000));
      },
      savePng: (m) => {
        const base64 = m.dataUrl.slice(m.dataUrl.indexOf(',') + 1);
        void this.save(m.name, { 'PNG image': ['png'] }, Buffer.from(base64, 'base64'));
      },
      exportCsv: () => {
        const name = `${this.title.replace(/\.metrics\.jsonl$|\.jsonl$/i, '').replace(/[^\w.-]+/g, '_')}.csv`;
        void this.save(name, { CSV: ['csv'] }, new TextEncoder().encode(dataCsv(this.runs())));
      },
    };
    this.disposables.push(webview.onDidReceiveMessage((m: WebviewToHost) => dispatch(handlers, m)));
    for (const file of files) this.disposables.push(file.onDidChange(() => this.schedule()));
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('trainingCurves')) this.schedule();
      }),
    );
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.post();
    }, UPDATE_DELAY_MS);
  }

  private send(message: HostToWebview): void {
    void this.webview.postMessage(message);
  }

  /** Asks where to save `bytes` (next to the first log by default) and writes them there. */
  private async save(name: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const folder = vscode.Uri.joinPath(this.files[0].uri, '..');
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not save ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private runs(): RunColumns[] {
    const multi = this.files.length > 1;
    return this.files.flatMap((f) => runsOfParser(f.parser, multi ? `${f.uri.path}#` : ''));
  }

  private post(): void {
    if (!this.ready) return;
    const errors = this.files.map((f) => f.error).filter((e): e is string => e !== undefined);
    if (errors.length > 0 && errors.length === this.files.length) {
      this.send({ type: 'error', message: errors.join('\n') });
      return;
    }
    const runs = this.runs();
    const first = this.files[0].parser;
    const { xAxis } = this.settings;
    const untimed = xAxis === 'step' ? [] : runs.filter((r) => r.times.length === 0).map((r) => r.label);
    const timeNotice =
      untimed.length > 0
        ? [`No time field (time, timestamp, _timestamp, wall_time) in ${untimed.join(', ')}: nothing to plot against time.`]
        : [];
    this.send({
      type: 'data',
      title: this.title,
      xAxis,
      charts: buildCharts(runs, this.chartWidth, benchmarkPatterns(), this.settings),
      skipped: skippedSummary(first),
      notices: [...errors, ...this.files.flatMap((f) => f.parser.notices), ...timeNotice],
      complete: true,
    });
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
