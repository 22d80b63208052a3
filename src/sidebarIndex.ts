import * as vscode from 'vscode';
import { indexRuns, type RunIndex } from './core/logIndex';
import {
  decodeStored,
  encodeStored,
  fingerprint,
  indexJsonLines,
  unchanged,
  wholeFileStamp,
  type IndexedLog,
} from './core/indexLog';
import type { PartParser } from './core/parts';
import { fileOf, runKindOf, type RunKind } from './core/runUri';
import { FormatSource } from './formatSource';
import type { OpenFile } from './fileBytes';

export type { IndexedLog } from './core/indexLog';

/**
 * Stored indexes, one small file per log in the extension's storage, keyed by the log's URI: a window
 * reload lists the sidebar from them without reading unchanged logs, and a change writes only its log's.
 */
export class IndexStore {
  constructor(private readonly folder: vscode.Uri) {}

  private fileOf(key: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${fingerprint(new TextEncoder().encode(key)).replace(':', '-')}.json`);
  }

  async get(key: string): Promise<IndexedLog | undefined> {
    const bytes = await vscode.workspace.fs.readFile(this.fileOf(key)).then(undefined, () => undefined);
    return bytes && decodeStored(key, new TextDecoder().decode(bytes));
  }

  async set(key: string, log: IndexedLog): Promise<void> {
    await vscode.workspace.fs.writeFile(this.fileOf(key), new TextEncoder().encode(encodeStored(key, log)));
  }

  async delete(key: string): Promise<void> {
    await vscode.workspace.fs.delete(this.fileOf(key)).then(undefined, () => undefined);
  }
}

/**
 * Builds the sidebar's index of a log (logIndex.ts): a JSON-lines log is read once, streamed, and then
 * only its appended bytes; its columns are dropped as soon as they are indexed. Other formats are read
 * whole (they are small, or rewritten whole) and indexed the same way.
 */
export class LogIndexer {
  constructor(
    private readonly open: OpenFile,
    private readonly parts?: PartParser,
  ) {}

  /** The index of the log at `uri` (a registry URI), given what was known of it (`known`). */
  async index(uri: vscode.Uri, known: IndexedLog | undefined, cancelled: () => boolean): Promise<IndexedLog> {
    const kind = runKindOf(uri);
    if (kind !== 'file') return { runs: await this.readOther(fileOf(uri), kind), how: 'read' };
    const file = await this.open(uri);
    try {
      if (/\.jsonl$/i.test(uri.path)) {
        const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
        return await indexJsonLines(uri.path, file, known, { cancelled, pause, parts: this.parts });
      }
      // Other formats are read whole: kept when unchanged (size, mtime, first bytes), else read again.
      if (known && (await unchanged(file, known)))
        return { ...known, how: known.how === 'stored' ? 'stored' : 'unchanged' };
      const stamp = await wholeFileStamp(file);
      return { runs: await this.readOther(uri, 'file'), stamp, how: 'read' };
    } finally {
      await file.close();
    }
  }

  private async readOther(uri: vscode.Uri, kind: RunKind): Promise<RunIndex[]> {
    const source = new FormatSource(uri, kind, this.parts);
    try {
      // One that cannot be read lists no runs, as when it was acquired for a view.
      await source.refresh();
      return indexRuns(source.parser.runs.values());
    } finally {
      source.dispose();
    }
  }
}
