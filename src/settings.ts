import * as vscode from 'vscode';

/** The user's own benchmark patterns (`trainingCurves.benchmarkPatterns`). */
export function benchmarkPatterns(): string[] {
  return vscode.workspace.getConfiguration('trainingCurves').get<string[]>('benchmarkPatterns', []);
}

/** Logs larger than this ask before loading (`trainingCurves.largeFileThresholdMB`). */
export function largeFileThresholdBytes(): number {
  const mb = vscode.workspace.getConfiguration('trainingCurves').get<number>('largeFileThresholdMB', 1024);
  return Math.max(0, mb) * 1024 * 1024;
}
