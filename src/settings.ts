import * as vscode from 'vscode';

/** The user's own benchmark patterns (`trainingCurves.benchmarkPatterns`). */
export function benchmarkPatterns(): string[] {
  return vscode.workspace.getConfiguration('trainingCurves').get<string[]>('benchmarkPatterns', []);
}
