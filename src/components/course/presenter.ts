/**
 * Presenter mode for a class on a projector: larger type, a layout that gives
 * the screen to the terminal and the envelope diagram (the lesson text on a
 * toggle), and stepping through the lesson's ▶ blocks from the keyboard or a
 * presenter clicker (presenter-keys.ts) with the step shown as "▶ 3/14".
 * Stepping never puts the focus in the terminal, so the next key press steps
 * again instead of typing there. Shift+P or ?present turns it on; it lasts for
 * the browser tab.
 */
import { requestRun } from '../lesson/run-bridge.ts';
import { onLayoutChange, presenterTextShown, setPresenterTextShown } from '../lesson/layout-prefs.ts';
import { presenterAction } from './presenter-keys.ts';

const KEY = 'kms-lab-presenter';
const root = document.documentElement;
const bar = document.querySelector<HTMLElement>('[data-presenter-bar]');
const stepLabel = bar?.querySelector<HTMLElement>('[data-presenter-step]');
const commandLabel = bar?.querySelector<HTMLElement>('[data-presenter-command]');
const previousButton = bar?.querySelector<HTMLButtonElement>('[data-presenter-previous]');
const nextButton = bar?.querySelector<HTMLButtonElement>('[data-presenter-next]');
const textButton = bar?.querySelector<HTMLButtonElement>('[data-presenter-text]');

const presenting = () => 'presenter' in root.dataset;
const blocks = () => [...document.querySelectorAll<HTMLElement>('[data-run-block]')];
const commandOf = (block: HTMLElement | undefined) => block?.querySelector<HTMLButtonElement>('[data-run-command]') ?? null;

/** The block last run, by index in page order; -1 before the first. A #run-N address continues from there. */
let current = blocks().findIndex((block) => `#${block.id}` === location.hash);
/** Said once in the status after a step that could not be taken. */
let edge = '';

function render(): void {
  const all = blocks();
  all.forEach((block, i) => block.toggleAttribute('data-current', presenting() && i === current));
  if (stepLabel) {
    const shown = current + 1;
    const visible = document.createElement('span');
    visible.setAttribute('aria-hidden', 'true');
    visible.textContent = `▶ ${shown}/${all.length}`;
    const spoken = document.createElement('span');
    spoken.className = 'visually-hidden';
    spoken.textContent = `Command ${shown} of ${all.length}${edge ? `. ${edge}` : ''}`;
    stepLabel.replaceChildren(visible, spoken);
  }
  if (commandLabel) commandLabel.textContent = commandOf(all[current])?.dataset.runCommand ?? (all.length ? 'N or Page Down runs the first command' : 'This lesson has no ▶ commands');
  if (previousButton) previousButton.disabled = current <= 0;
  if (nextButton) nextButton.disabled = current >= all.length - 1;
  textButton?.setAttribute('aria-pressed', String(presenterTextShown()));
}

function setPresenter(on: boolean): void {
  if (on) root.dataset.presenter = '';
  else delete root.dataset.presenter;
  try {
    if (on) sessionStorage.setItem(KEY, '1');
    else sessionStorage.removeItem(KEY);
  } catch {
    // Not kept: fine.
  }
  render();
}

function step(by: 1 | -1): void {
  const all = blocks();
  const index = current + by;
  const block = all[index];
  if (!block) {
    edge = by > 0 ? 'That was the last command.' : 'This is the first command.';
    render();
    edge = '';
    return;
  }
  current = index;
  // Where the lesson text is shown, the block comes into view; hidden, the bar names the command instead.
  if (block.getClientRects().length > 0) block.scrollIntoView({ block: 'center' });
  history.replaceState(null, '', `#${block.id}`);
  const button = commandOf(block);
  if (button?.dataset.runCommand) requestRun(button.dataset.runCommand, { from: button, focus: false });
  render();
}

const stored = (() => {
  try {
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
})();
setPresenter(new URLSearchParams(location.search).has('present') || stored);

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented) return;
  const action = presenterAction(event, event.target instanceof Element ? event.target : null, presenting());
  if (!action) return;
  event.preventDefault();
  if (action === 'toggle') setPresenter(!presenting());
  else step(action === 'next' ? 1 : -1);
});

// A ▶ clicked with the mouse moves the step there, so N carries on from it.
document.addEventListener('click', (event) => {
  const block = (event.target as Element | null)?.closest?.<HTMLElement>('[data-run-block]');
  if (!block || !(event.target as Element).closest('[data-run-command]')) return;
  current = blocks().indexOf(block);
  render();
});

// While the terminal has the focus the keys are its own; the bar says so, and how to give them back.
const trackTerminal = () => root.toggleAttribute('data-presenter-typing', document.activeElement?.closest('.xterm') != null);
document.addEventListener('focusin', trackTerminal);
document.addEventListener('focusout', () => setTimeout(trackTerminal));

previousButton?.addEventListener('click', () => step(-1));
nextButton?.addEventListener('click', () => step(1));
textButton?.addEventListener('click', () => {
  setPresenterTextShown(!presenterTextShown());
  // The text opens where the class is: at the current command.
  if (presenterTextShown()) blocks()[current]?.scrollIntoView({ block: 'center' });
});
bar?.querySelector('[data-presenter-exit]')?.addEventListener('click', () => setPresenter(false));
onLayoutChange(render);
