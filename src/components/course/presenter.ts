/**
 * Presenter mode for a class on a projector: larger type (and terminal text),
 * and the N key runs the lesson's next ▶ block, P the previous one. Shift+P or
 * ?present in the URL turns it on; it lasts for the browser tab.
 */
import { requestRun } from '../lesson/run-bridge.ts';

const KEY = 'kms-lab-presenter';
const root = document.documentElement;

function setPresenter(on: boolean): void {
  if (on) root.dataset.presenter = '';
  else delete root.dataset.presenter;
  try {
    if (on) sessionStorage.setItem(KEY, '1');
    else sessionStorage.removeItem(KEY);
  } catch {
    // Not kept: fine.
  }
}

const stored = (() => {
  try {
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
})();
setPresenter(new URLSearchParams(location.search).has('present') || stored);

let current = -1;

function step(by: number): void {
  const blocks = [...document.querySelectorAll<HTMLElement>('[data-run-block]')];
  if (blocks.length === 0) return;
  current = Math.min(blocks.length - 1, Math.max(0, current + by));
  const block = blocks[current]!;
  block.scrollIntoView({ block: 'center' });
  history.replaceState(null, '', `#${block.id}`);
  const command = block.querySelector<HTMLButtonElement>('[data-run-command]')?.dataset.runCommand;
  if (command) requestRun(command);
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  // Never while typing: in the terminal, a form field or an editable element.
  if (target?.closest('input, textarea, select, [contenteditable], .xterm') || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'P' && event.shiftKey) {
    setPresenter(!('presenter' in root.dataset));
    event.preventDefault();
  } else if ('presenter' in root.dataset && (event.key === 'n' || event.key === 'p')) {
    step(event.key === 'n' ? 1 : -1);
    event.preventDefault();
  }
});
