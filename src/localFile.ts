import { open } from 'node:fs/promises';

/** A local file as it was when opened, read by ranges (Node's fs; no vscode, so the bench reads as the host does). */
export interface LocalFile {
  readonly size: number;
  readonly mtime: number;
  readonly isDirectory: boolean;
  /** Bytes [start, end) in a buffer of their own (fewer when the file has shrunk since it was opened). */
  readonly read: (start: number, end: number) => Promise<Uint8Array>;
  readonly close: () => Promise<void>;
}

/** Opens the file at `path`; rejects with Node's error (ENOENT, …). */
export async function openLocalPath(path: string): Promise<LocalFile> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    return {
      size: stat.size,
      mtime: stat.mtimeMs,
      isDirectory: stat.isDirectory(),
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
    throw e;
  }
}
