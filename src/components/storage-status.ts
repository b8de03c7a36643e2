/**
 * Where failed writes to localStorage (full, or blocked by the browser) are
 * reported, so progress, terminal history and layout choices are never
 * dropped silently. Modules write through saveItem(); the first failure of
 * each kind is kept here and told to listeners (onStorageFailure). The notice
 * that shows them (storage-notice.ts) comes with the page's islands, which
 * load it, so this part, which every page runs before anything else, stays a
 * few hundred bytes.
 */

/** What was not kept, in the words the notice uses. */
export type StoredThing = 'progress' | 'command history' | 'terminal text' | 'layout choices' | 'theme';

export interface StorageFailure {
  what: StoredThing;
  /** full: over the browser's quota; blocked: the browser refuses this site storage (privacy settings, a sandboxed frame). */
  reason: 'full' | 'blocked';
}

const EVENT = 'kms-lab:storage-failure';
const failures = new Map<StoredThing, StorageFailure>();

function reasonOf(error: unknown): StorageFailure['reason'] {
  // Browsers name a full quota QuotaExceededError (old Firefox: NS_ERROR_DOM_QUOTA_REACHED); anything else is a refusal.
  const name = error !== null && typeof error === 'object' ? (error as { name?: unknown }).name : undefined;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' ? 'full' : 'blocked';
}

/** The failures reported on this page so far, first first. */
export function storageFailures(): StorageFailure[] {
  return [...failures.values()];
}

/** Records a failed write; only the first failure of each kind tells listeners and the notice. */
export function reportStorageFailure(what: StoredThing, error: unknown): StorageFailure {
  const known = failures.get(what);
  if (known) return known;
  const failure: StorageFailure = { what, reason: reasonOf(error) };
  failures.set(what, failure);
  if (typeof window !== 'undefined' && typeof window.dispatchEvent === 'function') {
    window.dispatchEvent(new CustomEvent<StorageFailure>(EVENT, { detail: failure }));
  }
  return failure;
}

export function onStorageFailure(listener: (failure: StorageFailure) => void): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<StorageFailure>).detail);
  window.addEventListener(EVENT, handle);
  return () => window.removeEventListener(EVENT, handle);
}

/**
 * localStorage.setItem (or removeItem, for null) that reports a failure
 * instead of swallowing it. Returns whether the value is now stored.
 */
export function saveItem(key: string, value: string | null, what: StoredThing): boolean {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
    return true;
  } catch (error) {
    reportStorageFailure(what, error);
    return false;
  }
}
