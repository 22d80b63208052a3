/**
 * Comparisons kept on the host, so a panel restored after a window reload reads only what the host
 * itself chose to compare: the webview's saved state holds just a random id, and a webview that forges
 * another state (files anywhere on disk) finds nothing. No vscode import: unit-tested in plain Node.
 */
import type { ComparisonSpec } from './compare';

/** The part of vscode.Memento (workspaceState) the store uses. */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'trainingCurves.comparisons';
/**
 * Past this many, the oldest are forgotten (their panels, if still open, close on reload). Closing a
 * panel does not forget it: a window reload disposes panels too, and they must come back.
 */
const MAX_KEPT = 100;

export class ComparisonStore {
  constructor(
    private readonly memento: Memento,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID(),
  ) {}

  private all(): [string, ComparisonSpec][] {
    const saved = this.memento.get<unknown>(KEY);
    return Array.isArray(saved) ? (saved as [string, ComparisonSpec][]) : [];
  }

  /** Keeps `spec`; returns the id the webview may hold for it. */
  add(spec: ComparisonSpec): string {
    const id = this.newId();
    void this.memento.update(KEY, [...this.all(), [id, spec]].slice(-MAX_KEPT));
    return id;
  }

  /** The comparison kept under `id` (from the webview: anything), or undefined. */
  get(id: unknown): ComparisonSpec | undefined {
    if (typeof id !== 'string') return undefined;
    return this.all().find(([kept]) => kept === id)?.[1];
  }
}

/** The comparison a restored panel's state names, if the host kept it (see ComparisonStore). */
export function restoredComparison(
  state: unknown,
  store: ComparisonStore,
): { id: string; spec: ComparisonSpec } | undefined {
  const restore = typeof state === 'object' && state !== null ? (state as { restore?: unknown }).restore : undefined;
  const id =
    typeof restore === 'object' && restore !== null ? (restore as { comparison?: unknown }).comparison : undefined;
  const spec = store.get(id);
  return spec && typeof id === 'string' ? { id, spec } : undefined;
}
