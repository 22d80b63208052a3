/**
 * Which runs a folder holds, from the paths of its files: the plan "Open Folder of Runs" and the
 * sidebar follow. Pure; the host lists the folder and reads what the plan names.
 */
import { LM_EVAL_FILE, RESULTS_FILE } from './lm-eval';
import { groupMlflowRuns } from './mlflow';
import { baseName } from './text';

/** One run to read: a single file, or a folder whose files together make one run. */
export type RunLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'tensorboard' | 'lm-eval' | 'mlflow'; readonly folder: string };

const CHECKPOINT = /^checkpoint-(\d+)$/;
/** Files whose format the name alone does not settle: the host checks their first bytes with detectFormat. */
const NEEDS_CONTENT = /\.(jsonl|csv|json)$/i;

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Groups `paths` ('/'-separated, relative to the folder) into runs. `*.metrics.jsonl` are runs; other
 * `*.jsonl`, `*.csv` and `*.json` are candidates for the caller to confirm by content. Event files and
 * lm-eval results group by their folder: `results*.json`, or several `.json` named by checkpoint
 * (`160m_step1000.json`, `checkpoint-500.json`) side by side. MLflow run folders are found by their layout.
 * Of a run's `checkpoint-N/trainer_state.json` files, which each repeat the history so far, only the
 * latest counts.
 */
export function discoverRuns(paths: readonly string[]): { runs: RunLocation[]; candidates: string[] } {
  const runs: RunLocation[] = [];
  const candidates: string[] = [];
  const eventFolders = new Set<string>();
  const lmEvalFolders = new Set<string>();
  /** Per folder, how many `.json` candidates are named by checkpoint. */
  const checkpointFiles = new Map<string, number>();
  const trainerStates = new Map<string, { path: string; checkpoint: number }>();
  const mlflow = groupMlflowRuns(paths);
  // A lookup per folder above the path, not a scan of every run per path (thousands of runs).
  const mlflowFolders = new Set(mlflow.map((r) => r.folder));
  const inMlflow = (path: string): boolean => {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1))
      if (mlflowFolders.has(path.slice(0, i))) return true;
    return false;
  };
  for (const path of paths) {
    const name = baseName(path);
    const lower = name.toLowerCase();
    if (lower.endsWith('.metrics.jsonl')) runs.push({ kind: 'file', path });
    else if (lower.startsWith('events.out.tfevents.')) eventFolders.add(parentOf(path));
    else if (RESULTS_FILE.test(name)) lmEvalFolders.add(parentOf(path));
    else if (lower === 'trainer_state.json') {
      const folder = parentOf(path);
      const checkpoint = CHECKPOINT.exec(baseName(folder));
      // A checkpoint's state belongs to the run folder above it; the final one at the run's root wins.
      const run = checkpoint ? parentOf(folder) : folder;
      const rank = checkpoint ? Number(checkpoint[1]) : Infinity;
      const known = trainerStates.get(run);
      if (!known || rank > known.checkpoint) trainerStates.set(run, { path, checkpoint: rank });
    } else if (NEEDS_CONTENT.test(name) && !inMlflow(path)) {
      candidates.push(path);
      if (LM_EVAL_FILE.test(name)) checkpointFiles.set(parentOf(path), (checkpointFiles.get(parentOf(path)) ?? 0) + 1);
    }
  }
  // One checkpoint file alone is checked by content; several side by side are an evaluated series.
  for (const [folder, count] of checkpointFiles) if (count >= 2) lmEvalFolders.add(folder);
  const inLmEvalRun = (path: string) => lmEvalFolders.has(parentOf(path)) && LM_EVAL_FILE.test(baseName(path));
  for (const { path } of trainerStates.values()) runs.push({ kind: 'file', path });
  for (const folder of eventFolders) runs.push({ kind: 'tensorboard', folder });
  for (const folder of lmEvalFolders) runs.push({ kind: 'lm-eval', folder });
  for (const { folder } of mlflow) runs.push({ kind: 'mlflow', folder });
  return { runs, candidates: candidates.filter((path) => !inLmEvalRun(path)) };
}
