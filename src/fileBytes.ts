import * as vscode from 'vscode';

/** A file as it was when opened: its size and mtime then, and its bytes read by ranges. */
export interface FileSnapshot {
  readonly size: number;
  readonly mtime: number;
  /** Bytes [start, end), as a copy the caller may keep (fewer when the file has shrunk since). */
  readonly read: (start: number, end: number) => Promise<Uint8Array>;
  readonly close: () => Promise<void>;
}

/** Opens a file to read it by ranges. Rejects with a vscode.FileSystemError (FileNotFound, …) when it cannot. */
export type OpenFile = (uri: vscode.Uri) => Promise<FileSnapshot>;

/**
 * Through `vscode.workspace.fs`, for every scheme (remote and virtual workspaces, the browser): it has no
 * ranged reads, so the whole file is read once when opened and the ranges are cut from it.
 */
async function openWithWorkspaceFs(uri: vscode.Uri): Promise<FileSnapshot> {
  // Stat first: if the file changes between the two calls, the next read sees a newer mtime.
  const { mtime } = await vscode.workspace.fs.stat(uri);
  let bytes: Uint8Array | undefined = await vscode.workspace.fs.readFile(uri);
  return {
    size: bytes.length,
    mtime,
    // A copy: the host's readFile may return a Node Buffer, whose views would keep the whole file.
    read: (start, end) => Promise.resolve(new Uint8Array(bytes?.subarray(start, end) ?? [])),
    close: () => {
      bytes = undefined;
      return Promise.resolve();
    },
  };
}

/** How to open `file:` URIs when the host has a faster way (Node's fs, see nodeFileBytes.ts); any other scheme takes workspace.fs. */
export function fileOpener(openLocal?: OpenFile): OpenFile {
  return (uri) => (openLocal && uri.scheme === 'file' ? openLocal(uri) : openWithWorkspaceFs(uri));
}
