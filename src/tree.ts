import * as vscode from 'vscode';
import {
  buildCatalog,
  type Catalog,
  type CatalogMethod,
  type CatalogMetric,
  type CatalogRun,
  type CatalogSection,
  type RunStanding,
} from './core/catalog';
import type { WorkspaceRuns } from './workspaceRuns';
import { benchmarkPatterns, SHOW_DELETED_MLFLOW_RUNS } from './settings';
import { formatValue } from './core/format';
import { COMMANDS } from './commands';

/** What each tree row stands for. `contextValue` is the kind, so menus can target rows. */
export type Node =
  | { readonly kind: 'root'; readonly root: 'benchmarks' | 'methods' | 'diagnostics' }
  | { readonly kind: 'section'; readonly section: CatalogSection }
  | { readonly kind: 'metric'; readonly metric: CatalogMetric }
  | { readonly kind: 'standing'; readonly metric: CatalogMetric; readonly standing: RunStanding }
  | { readonly kind: 'method'; readonly method: CatalogMethod }
  | { readonly kind: 'run'; readonly run: CatalogRun };

const ROOTS = [
  { root: 'benchmarks', icon: 'beaker' },
  { root: 'methods', icon: 'symbol-method' },
  { root: 'diagnostics', icon: 'pulse' },
] as const;

/** A root's label, in the display language (looked up when shown: l10n.t is not called at import). */
function rootLabel(root: (typeof ROOTS)[number]['root']): string {
  switch (root) {
    case 'benchmarks':
      return vscode.l10n.t('Benchmarks');
    case 'methods':
      return vscode.l10n.t('Methods');
    case 'diagnostics':
      return vscode.l10n.t('Diagnostics');
  }
}

/** `n metrics` with its plural: one message for one, one for the rest (l10n.t has no plural rules). */
const metricsCount = (n: number) => (n === 1 ? vscode.l10n.t('1 metric') : vscode.l10n.t('{0} metrics', n));
const runsCount = (n: number) => (n === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', n));

function describe(point: { step: number; value: number } | undefined): string {
  return point ? vscode.l10n.t('{0} at step {1}', formatValue(point.value), point.step) : '—';
}

function standingTooltip(metric: CatalogMetric, standing: RunStanding): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(`${standing.run.label} · ${metric.full}\n\n`);
  md.appendText(`${vscode.l10n.t('Last: {0}', describe(standing.last))}\n\n`);
  md.appendText(
    metric.better === 'max'
      ? vscode.l10n.t('Best (highest): {0}', describe(standing.best))
      : vscode.l10n.t('Best (lowest): {0}', describe(standing.best)),
  );
  return md;
}

/** What clicking a row does: open its chart. */
function openChartCommand(node: Node): vscode.Command {
  return { command: COMMANDS.openChart, title: vscode.l10n.t('Open Chart'), arguments: [node] };
}

/** The sidebar: benchmarks → metrics → runs, methods → runs, diagnostics → metrics → runs. */
export class RunsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private catalog: Catalog = { benchmarks: [], diagnostics: [], methods: [] };
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  private readonly checked = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly runs: WorkspaceRuns) {
    this.disposables.push(
      runs.onDidChange(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration('trainingCurves.benchmarkPatterns') ||
          e.affectsConfiguration(SHOW_DELETED_MLFLOW_RUNS)
        )
          this.rebuild();
      }),
    );
  }

  private rebuild(): void {
    this.catalog = buildCatalog(this.runs.runs(), benchmarkPatterns());
    const present = new Set(this.catalog.methods.flatMap((m) => m.runs.map((r) => r.key)));
    for (const key of [...this.checked]) if (!present.has(key)) this.checked.delete(key);
    void vscode.commands.executeCommand('setContext', 'trainingCurves.hasRuns', present.size > 0);
    this.changed.fire(undefined);
  }

  /** Runs whose checkbox is ticked, for Compare Runs. */
  checkedRuns(): CatalogRun[] {
    return this.catalog.methods.flatMap((m) => m.runs).filter((r) => this.checked.has(r.key));
  }

  setChecked(nodes: readonly [Node, vscode.TreeItemCheckboxState][]): void {
    for (const [node, state] of nodes) {
      const runs = node.kind === 'run' ? [node.run] : node.kind === 'method' ? node.method.runs : [];
      for (const run of runs) {
        if (state === vscode.TreeItemCheckboxState.Checked) this.checked.add(run.key);
        else this.checked.delete(run.key);
      }
    }
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      await this.runs.ready();
      this.rebuild();
      if (this.catalog.methods.length === 0) return []; // the welcome view explains the format
      return ROOTS.map(({ root }) => ({ kind: 'root', root }));
    }
    switch (node.kind) {
      case 'root':
        if (node.root === 'methods') return this.catalog.methods.map((method) => ({ kind: 'method', method }));
        return (node.root === 'benchmarks' ? this.catalog.benchmarks : this.catalog.diagnostics).map((section) => ({
          kind: 'section',
          section,
        }));
      case 'section':
        return node.section.metrics.map((metric) => ({ kind: 'metric', metric }));
      case 'metric':
        return node.metric.runs.map((standing) => ({ kind: 'standing', metric: node.metric, standing }));
      case 'method':
        return node.method.runs.length > 1 ? node.method.runs.map((run) => ({ kind: 'run', run })) : [];
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'root': {
        const { icon } = ROOTS.find((r) => r.root === node.root)!;
        const label = rootLabel(node.root);
        const count =
          node.root === 'methods'
            ? this.catalog.methods.length
            : node.root === 'benchmarks'
              ? this.catalog.benchmarks.length
              : this.catalog.diagnostics.length;
        const item = new vscode.TreeItem(
          label,
          node.root === 'diagnostics' ? collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `root:${node.root}`;
        item.description = String(count);
        item.iconPath = new vscode.ThemeIcon(icon);
        item.contextValue = 'root';
        return item;
      }
      case 'section': {
        const { section } = node;
        const item = new vscode.TreeItem(section.title, collapsed);
        item.id = `section:${section.kind}:${section.title}`;
        item.description = `${metricsCount(section.metrics.length)} · ${runsCount(section.runs.length)}`;
        const runs = section.runs.map((r) => r.label).join(', ');
        item.tooltip =
          section.kind === 'benchmark'
            ? vscode.l10n.t('Benchmark {0}: {1}', section.title, runs)
            : vscode.l10n.t('Diagnostics {0}: {1}', section.title, runs);
        item.iconPath = new vscode.ThemeIcon(section.kind === 'benchmark' ? 'beaker' : 'pulse');
        item.contextValue = section.kind === 'benchmark' ? 'benchmark' : 'diagnosticGroup';
        item.command = openChartCommand(node);
        return item;
      }
      case 'metric': {
        const { metric } = node;
        const item = new vscode.TreeItem(metric.title, collapsed);
        item.id = `metric:${metric.full}`;
        item.description = metric.runs
          .map((s) => `${s.run.label} ${s.last ? formatValue(s.last.value) : '—'}`)
          .join(' · ');
        item.tooltip = metric.full;
        item.iconPath = new vscode.ThemeIcon('graph-line');
        item.contextValue = 'metric';
        item.command = openChartCommand(node);
        return item;
      }
      case 'standing': {
        const { metric, standing } = node;
        const item = new vscode.TreeItem(standing.run.label, none);
        item.id = `standing:${metric.full}:${standing.run.key}`;
        item.description = standing.last ? formatValue(standing.last.value) : '—';
        item.tooltip = standingTooltip(metric, standing);
        item.iconPath = new vscode.ThemeIcon('circle-filled');
        item.contextValue = 'run';
        item.command = openChartCommand(node);
        return item;
      }
      case 'method': {
        const { method } = node;
        const single = method.runs.length === 1 ? method.runs[0] : undefined;
        const item = new vscode.TreeItem(method.name, single ? none : collapsed);
        item.id = `method:${method.name}`;
        item.description = single
          ? vscode.workspace.asRelativePath(vscode.Uri.parse(single.file))
          : runsCount(method.runs.length);
        item.tooltip = method.runs.map((r) => `${r.label}: ${metricsCount(r.metrics.size)}`).join('\n');
        item.iconPath = new vscode.ThemeIcon(single ? 'circle-filled' : 'layers');
        item.contextValue = single ? 'run' : 'method';
        item.checkboxState = method.runs.every((r) => this.checked.has(r.key))
          ? vscode.TreeItemCheckboxState.Checked
          : vscode.TreeItemCheckboxState.Unchecked;
        item.command = openChartCommand(node);
        return item;
      }
      case 'run': {
        const { run } = node;
        const item = new vscode.TreeItem(run.label, none);
        item.id = `run:${run.key}`;
        item.description = vscode.workspace.asRelativePath(vscode.Uri.parse(run.file));
        item.tooltip = `${run.label}: ${metricsCount(run.metrics.size)}`;
        item.iconPath = new vscode.ThemeIcon('circle-filled');
        item.contextValue = 'run';
        item.checkboxState = this.checked.has(run.key)
          ? vscode.TreeItemCheckboxState.Checked
          : vscode.TreeItemCheckboxState.Unchecked;
        item.command = openChartCommand(node);
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

/** The logs a tree row is about, and the metrics its chart should show (all when undefined). */
export function nodeTarget(node: Node): { files: string[]; metrics?: string[]; title: string } {
  const filesOf = (runs: readonly CatalogRun[]) => [...new Set(runs.map((r) => r.file))];
  switch (node.kind) {
    case 'section':
      return {
        files: filesOf(node.section.runs),
        metrics: node.section.metrics.map((m) => m.full),
        title: node.section.title,
      };
    case 'metric':
      return {
        files: filesOf(node.metric.runs.map((s) => s.run)),
        metrics: [node.metric.full],
        title: node.metric.full,
      };
    case 'standing':
      return {
        files: [node.standing.run.file],
        metrics: [node.metric.full],
        title: `${node.standing.run.label}: ${node.metric.full}`,
      };
    case 'method':
      return { files: filesOf(node.method.runs), title: node.method.name };
    case 'run':
      return { files: [node.run.file], title: node.run.label };
    case 'root':
      return { files: [], title: '' };
  }
}
