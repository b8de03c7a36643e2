/** Python exceptions the CLI lets through, and how Python words an OSError. */
import { pyStrRepr } from './repr.ts';

/** A ValueError nothing in the CLI catches: the message is printed and the exit status is 255. */
export class PyValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyValueError';
  }
}

// errno values and strerror() texts of Linux, where the CLI's messages were read.
const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EIO: [5, 'Input/output error'],
  EACCES: [13, 'Permission denied'],
  EEXIST: [17, 'File exists'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EINVAL: [22, 'Invalid argument'],
  ENAMETOOLONG: [36, 'File name too long'],
  ENOTEMPTY: [39, 'Directory not empty'],
  ELOOP: [40, 'Too many levels of symbolic links'],
};

/**
 * str() of the OSError that opening `path` raised: `[Errno 2] No such file or
 * directory: 'nope'`. The error's `code` (ENOENT, EISDIR, …) picks the errno;
 * one without a known code reads as an I/O error.
 */
export function pyOsErrorMessage(error: unknown, path: string): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const [errno, text] = (typeof code === 'string' && ERRNO[code]) || ERRNO.EIO!;
  return `[Errno ${errno}] ${text}: ${pyStrRepr(path)}`;
}
