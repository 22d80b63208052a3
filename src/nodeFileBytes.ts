import * as vscode from 'vscode';
import { openLocalPath } from './localFile';
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
  const file = await openLocalPath(uri.fsPath).catch((e: unknown) => {
    throw asFileSystemError(e, uri);
  });
  if (file.isDirectory) {
    await file.close();
    throw vscode.FileSystemError.FileIsADirectory(uri);
  }
  return file;
}
