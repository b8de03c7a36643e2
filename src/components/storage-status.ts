/**
 * Where failed writes to localStorage (full, or blocked by the browser) are
 * reported, so progress, terminal history and layout choices are never
 * dropped silently. Modules write through saveItem(); the first failure of
 * each kind shows a notice on the page (a role=status bar this module draws
 * itself, so any page gets it without mounting anything), and listeners
 * (onStorageFailure) hear every new kind.
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
  showNotice();
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

/** What the notice says: which things are not kept, and why, in one sentence a learner can act on. */
export function describeFailures(list: readonly StorageFailure[] = storageFailures()): string {
  if (list.length === 0) return '';
  const names = list.map((f) => f.what);
  const things = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const full = list.some((f) => f.reason === 'full');
  const plural = names.length > 1 || things === 'layout choices';
  const why = full ? "This browser's storage for the site is full" : 'This browser does not let the site store anything';
  const fix = full ? ' Free some space (clear other site data) or export what you need.' : ` Allow site data for this site to keep ${plural ? 'them' : 'it'}.`;
  return `${why}: your ${things} ${plural ? 'are' : 'is'} not being saved and will be gone when you leave this page.${fix}`;
}

const NOTICE_ID = 'kms-lab-storage-notice';

/** The page-wide notice: created on the first failure, its text updated on later ones. */
function showNotice(): void {
  if (typeof document === 'undefined' || typeof document.createElement !== 'function' || !document.body) return;
  let bar = document.getElementById(NOTICE_ID);
  if (!bar) {
    // A named region, so the bar is a landmark like the rest of the page's content.
    bar = document.createElement('section');
    bar.id = NOTICE_ID;
    bar.className = 'storage-notice';
    bar.setAttribute('aria-label', 'Storage warning');
    const text = document.createElement('p');
    // An empty live region first, its text a moment later: screen readers announce a change, not an insertion.
    text.setAttribute('role', 'status');
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.setAttribute('aria-label', 'Dismiss the storage warning');
    close.addEventListener('click', () => bar?.remove());
    bar.append(text, close);
    document.body.append(bar);
  }
  const text = bar.querySelector('[role="status"]');
  const message = describeFailures();
  setTimeout(() => {
    if (text) text.textContent = message;
  }, 50);
}
