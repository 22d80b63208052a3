import * as vscode from 'vscode';
import { plainText } from './core/display';
import { validatePatterns } from './core/names';

/** The user's own benchmark patterns (`trainingCurves.benchmarkPatterns`); settings are untrusted input, so only strings count. */
export function benchmarkPatterns(): string[] {
  const value = vscode.workspace.getConfiguration('trainingCurves').get<unknown>('benchmarkPatterns', []);
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

/** Tells the user, once per change of the setting, which of their benchmark patterns are not used and why. */
export function watchBenchmarkPatterns(): vscode.Disposable {
  const check = () => {
    const problems = validatePatterns(benchmarkPatterns());
    // The problems name the user's own patterns: values, neutralised; the sentence around them is translated.
    if (problems.length > 0)
      void vscode.window.showWarningMessage(vscode.l10n.t('Training Curves: {0}', plainText(problems.join(' '), 1000)));
  };
  check();
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('trainingCurves.benchmarkPatterns')) check();
  });
}

/** Logs larger than this ask before loading (`trainingCurves.largeFileThresholdMB`). */
export function largeFileThresholdBytes(): number {
  const mb = vscode.workspace.getConfiguration('trainingCurves').get<number>('largeFileThresholdMB', 1024);
  return Math.max(0, mb) * 1024 * 1024;
}

/** The setting that shows MLflow runs marked deleted (`lifecycle_stage: deleted`) in the sidebar. */
export const SHOW_DELETED_MLFLOW_RUNS = 'trainingCurves.showDeletedMlflowRuns';

/** Whether the sidebar lists soft-deleted MLflow runs, which the MLflow UI hides (`trainingCurves.showDeletedMlflowRuns`). */
export function showDeletedMlflowRuns(): boolean {
  return vscode.workspace.getConfiguration('trainingCurves').get<boolean>('showDeletedMlflowRuns', false);
}
