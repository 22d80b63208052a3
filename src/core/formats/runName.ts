/**
 * Run names from paths. Many tools give every run's log the same file or folder name (Lightning's
 * `version_0/metrics.csv`, LLaMA-Factory's `trainer_log.jsonl`, Keras' `train/` and `validation/`
 * event folders): such a name says nothing, so the folders above it are added until one does.
 */
import { pathSegments } from './text';

/** Log file names a tool writes for every run. */
const GENERIC_FILE = /^(?:metrics|trainer_log|progress|logs?|history|train(?:ing)?_log)$/i;
/** Folder names a tool repeats in every run: a split, a version counter, a bare number, a logs folder. */
const GENERIC_FOLDER =
  /^(?:train(?:ing)?|val(?:id|idation)?|eval(?:uation)?|test|logs?|version_\d{1,9}|run[-_]?\d{1,9}|\d{1,9})$/i;
/** A name is at most this many segments: past that it reads like a path, and a collision is told apart by the view. */
const MAX_SEGMENTS = 3;

/** The folder segments ending at `folders`' last one, added from the right while the name so far is generic. */
function fromFolders(folders: readonly string[]): string | undefined {
  let start = folders.length - 1;
  if (start < 0) return undefined;
  while (start > 0 && folders.length - start < MAX_SEGMENTS && GENERIC_FOLDER.test(folders[start]!)) start--;
  return folders.slice(start).join('/');
}

/** The run name of a folder run (`…/tb_logs_at_2022-10-17/train` → `tb_logs_at_2022-10-17/train`). */
export function folderRunName(path: string): string {
  return fromFolders(pathSegments(path)) ?? path;
}

/**
 * The run name of a log file whose name, less its log extension, is `stem`: the stem, unless it is a
 * tool's fixed file name; then the folder (`lightning_logs/version_1/metrics.csv` → `lightning_logs/version_1`).
 */
export function fileRunName(path: string, stem: string): string {
  if (!GENERIC_FILE.test(stem)) return stem;
  return fromFolders(pathSegments(path).slice(0, -1)) ?? stem;
}

/** Where a log is, for distinctLabels: a folder run's folder; a file less its extension, or its folder when its name is generic. */
export function logLocation(path: string, folder: boolean): string {
  if (folder) return path;
  const segments = pathSegments(path);
  const stem = (segments.pop() ?? '').replace(/(\.metrics)?\.[^.]{1,8}$/, '');
  return [...segments, ...(GENERIC_FILE.test(stem) ? [] : [stem])].join('/');
}

/**
 * Labels that tell runs apart in one view: a label shared by runs of different logs gets the shortest
 * tail of each log's path (its folder segments, `locations[i]`) that differs, as `tail/label`.
 */
export function distinctLabels(labels: readonly string[], locations: readonly string[]): string[] {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const out = labels.slice();
  for (const [label, members] of byLabel) {
    if (members.length < 2) continue;
    const segments = members.map((i) => pathSegments(locations[i]!));
    const longest = Math.max(...segments.map((s) => s.length));
    for (let k = 1; k <= longest; k++) {
      const tails = segments.map((s) => s.slice(-k).join('/'));
      if (new Set(tails).size < tails.length && k < longest) continue;
      members.forEach((i, m) => {
        const tail = tails[m]!;
        out[i] = tail === label || tail.endsWith(`/${label}`) ? tail : `${tail}/${label}`;
      });
      break;
    }
  }
  return out;
}
