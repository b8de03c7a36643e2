/**
 * Starts the visitor's sandbox beside a page: opens the saved sandbox
 * (sandbox-host.ts), mounts the terminal into the page's markup, joins a class
 * (?seed=N), prepares the lesson's files and keys, and takes the ▶ runs. No
 * React: this is all a learner waits for before typing. The sandbox's toolbar,
 * notices and panels (SandboxApp.tsx) hydrate afterwards and take what they
 * need from `startedSandbox()`. Once per page, whoever asks first.
 */
import type { SandboxSetup } from '../../lib/content-schema.ts';
import type { ObservedSession } from '../envelope/observe-session.ts';
import { acceptRuns, type RunRequest } from '../lesson/run-bridge.ts';
import { mountTerminal, type TerminalHandle } from '../terminal/terminal-mount.ts';
import { withBacklog } from './event-backlog.ts';
import { createLiveAnnouncer, type LiveAnnouncer } from './live-announcer.ts';
import { createPanelFeed, type PanelFeed } from './panel-feed.ts';
import { wireKeyRow } from './key-row.ts';
import { getSandboxHost, type SandboxHost } from './sandbox-host.ts';
import { setSandboxState } from './sandbox-state.ts';
import { createFontControl, type FontControl } from './terminal-font.ts';

export interface SandboxProps {
  lessonId: string;
  setup: SandboxSetup;
  /** Every lesson's set-up by lesson id: class mode compares the sandbox with them (class-seed.ts). */
  courseSetups?: Record<string, SandboxSetup>;
}

export interface StartedSandbox {
  host: SandboxHost;
  terminal: TerminalHandle;
  font: FontControl;
  /** One refresh clock for the panels and the live region. */
  feed: PanelFeed;
  announcer: LiveAnnouncer;
  /** The session's events since it opened, for the diagram whose code comes later (event-backlog.ts). */
  scenes: ObservedSession;
  /** What the learner should be told first (class mode, the lesson's files, a storage problem). */
  notice?: string;
}

let started: Promise<StartedSandbox> | undefined;

export function startedSandbox(): Promise<StartedSandbox> | undefined {
  return started;
}

/** Starts the sandbox with its terminal in `mount` (once; later calls get the same start). A failure is the caller's to show (sandbox-boot.ts). */
export function startSandbox(mount: HTMLElement, props: SandboxProps): Promise<StartedSandbox> {
  started ??= start(mount, props).then((sandbox) => (setSandboxState('started'), sandbox));
  return started;
}

async function start(mount: HTMLElement, { lessonId, setup, courseSetups = {} }: SandboxProps): Promise<StartedSandbox> {
  const host = await getSandboxHost();
  const feed = createPanelFeed(host.sandbox.session);
  const announcer = createLiveAnnouncer(feed);
  const scenes = withBacklog(host.sandbox.session);
  let terminal: TerminalHandle | undefined;
  const font = createFontControl((px) => terminal?.setFontSize(px));
  terminal = mountTerminal(mount, { session: host.sandbox.session, fontSize: font.current(), announce: announcer.announce });
  // The "Starting your sandbox…" line over the terminal's place goes (sandbox.css).
  document.documentElement.dataset.terminal = '';

  const joinedSeed = await classSeed(host, { ...courseSetups, [lessonId]: setup });
  const created = await host.prepare(lessonId, setup);
  const notice = [
    joinedSeed !== undefined ? `Class mode: this sandbox uses seed ${joinedSeed}, so your key IDs match the presenter's.` : saidByStatus(host) ? undefined : host.notice,
    created.length ? `This lesson put ${created.join(', ')} in your home directory.` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  // After any reset (the button, `sim reset`, `sim seed`), the lesson's files and keys come back.
  host.sandbox.session.subscribe((event) => {
    if (event.type !== 'reset') return;
    void import('./class-seed.ts').then(({ forgetClass }) => forgetClass(event.seed, storages().shared, storages().tab));
    void host.prepare(lessonId, setup);
  });
  const view = terminal;
  wireKeyRow(mount.closest<HTMLElement>('.sbx') ?? mount, (data) => view.press(data));
  acceptRuns((request: RunRequest) => {
    const before = document.activeElement;
    view.run(request.command);
    // Presenter mode and the phone sheet keep the focus where it was (see RunRequest.focus).
    if (!request.focus && document.activeElement !== before) {
      if (before instanceof HTMLElement && before !== document.body) before.focus({ preventScroll: true });
      else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    }
  });
  return { host, terminal, font, feed, announcer, scenes, ...(notice ? { notice } : {}) };
}

function storages(): { shared?: Storage; tab?: Storage } {
  try {
    return { shared: localStorage, tab: sessionStorage };
  } catch {
    return {};
  }
}

/**
 * `?seed=N` in a lesson's address starts a repeatable sandbox, so a class sees the
 * presenter's key IDs; the learner is asked only if that replaces work of theirs.
 */
async function classSeed(host: SandboxHost, setups: Record<string, SandboxSetup>): Promise<number | undefined> {
  const seed = Number(new URLSearchParams(location.search).get('seed') ?? Number.NaN);
  if (!Number.isSafeInteger(seed) || seed < 0) return undefined;
  // Only a class's address has a seed: the code that joins one loads then.
  const { joinClass } = await import('./class-seed.ts');
  const joined = await joinClass(host.sandbox, seed, setups, {
    reset: async (s) => {
      await host.sandbox.reset(s);
      await host.save();
    },
    ask: (question) => window.confirm(question),
    ...storages(),
  });
  return joined.joined ? seed : undefined;
}

/** A notice the host's status already shows (with its Export button) is not said twice. */
function saidByStatus(host: SandboxHost): boolean {
  const status = host.status();
  return status.kind !== 'ok' && status.message === host.notice;
}
