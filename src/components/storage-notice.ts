/**
 * The page-wide notice for failed localStorage writes (storage-status.ts):
 * what is not being kept and why, in a named region with a role=status line,
 * until the learner dismisses it. The islands that store things (the
 * terminal, the quiz, the progress table) start it with watchStorage(); it
 * shows failures from before it loaded too.
 */
import { onStorageFailure, storageFailures, type StorageFailure } from './storage-status.ts';

/** What the notice says: which things are not kept, and why, in one sentence a learner can act on. */
export function describeFailures(list: readonly StorageFailure[]): string {
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

let watching = false;

/** Shows the failures so far, and each new kind as it comes; once per page, however many islands ask. */
export function watchStorage(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  onStorageFailure(() => showNotice(storageFailures()));
  if (storageFailures().length) showNotice(storageFailures());
}

/** The page-wide notice: created on the first failure, its text updated on later ones. */
function showNotice(failures: readonly StorageFailure[]): void {
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
  const message = describeFailures(failures);
  setTimeout(() => {
    if (text) text.textContent = message;
  }, 50);
}
