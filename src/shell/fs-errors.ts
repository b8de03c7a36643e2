import { VFS_ERROR_TEXT, VfsError } from './vfs.ts';

/** What bash prints after the file name when a file operation fails: strerror for a VfsError. */
export function describeFsError(error: unknown): string {
  if (error instanceof VfsError) return VFS_ERROR_TEXT[error.code];
  return error instanceof Error ? error.message : String(error);
}
