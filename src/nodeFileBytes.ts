import * as vscode from 'vscode';
import { open } from 'node:fs/promises';
import type { FileSnapshot } from './fileBytes';

/** Node's errors as workspace.fs gives them, so a deleted log reads the same on every host. */
function asFileSystemError(e: unknown, uri: vscode.Uri): unknown {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return vscode.FileSystemError.FileNotFound(uri);
  if (code === 'EACCES' || code === 'EPERM') return vscode.FileSystemError.NoPermissions(uri);
  return e;
}

/**
 * A local file through Node's fs: ranged reads, so an append reads only the new bytes and a log of any
 * size (past the 2 GiB a whole-file read allows) is read a chunk at a time.
 */
export async function openLocalFile(uri: vscode.Uri): Promise<FileSnapshot> {
  let handle;
  try {
    handle = await open(uri.fsPath, 'r');
  } catch (e) {
    throw asFileSystemError(e, uri);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw vscode.FileSystemError.FileIsADirectory(uri);
    return {
      size: stat.size,
      mtime: stat.mtimeMs,
      read: async (start, end) => {
        const bytes = new Uint8Array(Math.max(0, end - start));
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === bytes.length ? bytes : bytes.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close();
    throw asFileSystemError(e, uri);
  }
}
