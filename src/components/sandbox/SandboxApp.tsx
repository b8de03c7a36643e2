/**
 * The sandbox island beside every lesson: the terminal, and below or beside it
 * (global.css decides by the pane's width) the envelope diagram, the key
 * inventory and the audit log as tabs, all fed by the visitor's one sandbox
 * (see sandbox-host.ts). The terminal paints a command's output first; the
 * panels and the screen-reader announcement follow in one refresh after it
 * (panel-feed.ts), and an error boundary keeps a way out if anything throws.
 */
import { lazy, startTransition, Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SandboxSetup } from '../../lib/content-schema.ts';
import { downloadJson } from '../download.ts';
import { onLayoutChange, publishTerminalFont, sandboxMaximised, setSandboxMaximised } from '../lesson/layout-prefs.ts';
import { acceptRuns, type RunRequest } from '../lesson/run-bridge.ts';
import TerminalView, { type TerminalHandle } from '../terminal/TerminalView.tsx';
import { forgetClass, joinClass } from './class-seed.ts';
import HostStatusNotice from './HostStatusNotice.tsx';
import { createLiveAnnouncer } from './live-announcer.ts';
import LiveAnnouncement from './LiveAnnouncement.tsx';
import { createPanelFeed } from './panel-feed.ts';
import SandboxErrorBoundary from './SandboxErrorBoundary.tsx';
import { exportSandbox } from './sandbox-export.ts';
import { importSandboxFile } from './sandbox-import.ts';
import { getSandboxHost, type SandboxHost } from './sandbox-host.ts';
import MobileKeys from './MobileKeys.tsx';
import { afterPromptPainted } from './after-prompt.ts';
import { withBacklog } from './event-backlog.ts';
import './sandbox.css';

// The diagram, inventory and audit log load after the first prompt is painted (see after-prompt.ts).
const SandboxPanels = lazy(() => import('./SandboxPanels.tsx'));

/** Where the panels will be, the height they take, while their code loads. */
const panelsPending = <div className="sbx-panels sbx-panels-pending" aria-busy="true" />;

interface Props {
  lessonId: string;
  setup: SandboxSetup;
  /** Every lesson's set-up by lesson id: class mode compares the sandbox with them (class-seed.ts). */
  courseSetups?: Record<string, SandboxSetup>;
}

const FONT_KEY = 'kms-lab-terminal-font';
const FONT_SIZES = [12, 14, 16, 18, 20, 24, 28];

function savedFontSize(): number {
  try {
    const n = Number(localStorage.getItem(FONT_KEY));
    return FONT_SIZES.includes(n) ? n : 14;
  } catch {
    return 14;
  }
}

/** Presenter mode (Shift+P) sets data-presenter on <html>; the terminal text grows with it. */
function usePresenterMode(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const sync = () => setOn('presenter' in root.dataset);
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(root, { attributes: true, attributeFilter: ['data-presenter'] });
    return () => observer.disconnect();
  }, []);
  return on;
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

/** The Maximise toggle's state, which the lesson page's scripts may change too. */
function useMaximised(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const sync = () => setOn(sandboxMaximised());
    sync();
    return onLayoutChange(sync);
  }, []);
  return [on, setSandboxMaximised];
}

/** The island, inside an error boundary of its own (a crash in the toolbar still leaves the way out). */
export default function SandboxIsland(props: Props) {
  return (
    <SandboxErrorBoundary what="the sandbox">
      <SandboxApp {...props} />
    </SandboxErrorBoundary>
  );
}

function SandboxApp({ lessonId, setup, courseSetups = {} }: Props) {
  const [host, setHost] = useState<SandboxHost | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fontSize, setFontSize] = useState(savedFontSize);
  const [readerMode, setReaderMode] = useState(false);
  const presenter = usePresenterMode();
  const [maximised, setMaximised] = useMaximised();
  // One refresh clock for the panels and the live region, per sandbox session.
  const feed = useMemo(() => host && createPanelFeed(host.sandbox.session), [host]);
  const announcer = useMemo(() => feed && createLiveAnnouncer(feed), [feed]);
  const terminal = useRef<TerminalHandle>(null);
  const importInput = useRef<HTMLInputElement>(null);
  // From the start, so the diagram (loaded later) still draws what ran before it came.
  const scenes = useMemo(() => host && withBacklog(host.sandbox.session), [host]);
  const [panelsWanted, setPanelsWanted] = useState(false);
  useEffect(() => (host ? afterPromptPainted(() => startTransition(() => setPanelsWanted(true))) : undefined), [host]);

  useEffect(() => {
    let stop = () => {};
    getSandboxHost()
      .then(async (h) => {
        setHost(h);
        const joinedSeed = await classSeed(h, { ...courseSetups, [lessonId]: setup });
        const created = await h.prepare(lessonId, setup);
        const messages = [
          joinedSeed !== undefined ? `Class mode: this sandbox uses seed ${joinedSeed}, so your key IDs match the presenter's.` : saidByStatus(h) ? undefined : h.notice,
          created.length ? `This lesson put ${created.join(', ')} in your home directory.` : undefined,
        ].filter(Boolean);
        if (messages.length) setNotice(messages.join(' '));
        // After any reset (the button, `sim reset`, `sim seed`), the lesson's files and keys come back.
        const unsubscribe = h.sandbox.session.subscribe((event) => {
          if (event.type !== 'reset') return;
          forgetClass(event.seed, storages().shared, storages().tab);
          void h.prepare(lessonId, setup);
        });
        // The terminal mounts with the host; queued ▶ runs wait until its handle exists.
        const run = (request: RunRequest) => {
          const view = terminal.current;
          if (!view) {
            requestAnimationFrame(() => run(request));
            return;
          }
          const before = document.activeElement;
          view.run(request.command);
          // Presenter mode and the phone sheet keep the focus where it was (see RunRequest.focus).
          if (!request.focus && document.activeElement !== before) {
            if (before instanceof HTMLElement && before !== document.body) before.focus({ preventScroll: true });
            else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          }
        };
        const stopRuns = acceptRuns(run);
        stop = () => (stopRuns(), unsubscribe());
      })
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
    return () => stop();
  }, [lessonId, setup]);

  // The page lays the sandbox out 80 terminal columns wide at this size (global.css).
  useEffect(() => publishTerminalFont(fontSize), [fontSize]);

  const changeFont = useCallback((step: number) => {
    setFontSize((size) => {
      const next = FONT_SIZES[Math.min(FONT_SIZES.length - 1, Math.max(0, FONT_SIZES.indexOf(size) + step))] ?? size;
      try {
        localStorage.setItem(FONT_KEY, String(next));
      } catch {
        // Not kept: fine.
      }
      return next;
    });
  }, []);

  const reset = useCallback(async () => {
    if (!host) return;
    if (!window.confirm('Delete every key, alias and file in this sandbox and start a new account? Your command history stays.')) return;
    await host.reset();
    setNotice('The sandbox is new: a fresh account with only the AWS managed keys, and an empty home directory.');
    terminal.current?.focus();
  }, [host]);

  const download = useCallback(() => {
    if (!host) return;
    downloadJson('kms-lab-sandbox.json', JSON.stringify(exportSandbox(host.sandbox), null, 2));
    setNotice('Exported your files and your keys’ settings. Key material never leaves a KMS, so it is not in the file.');
  }, [host]);

  const upload = useCallback(
    async (file: File | undefined) => {
      if (!host || !file) return;
      // sandbox-import.ts asks before replacing files, reports progress and words the outcome.
      const message = await importSandboxFile(host.sandbox, file, { confirm: (q) => window.confirm(q), progress: setNotice });
      setNotice(await host.save().then(() => message, (error: unknown) => `${message} Saving the sandbox failed: ${(error as Error).message}`));
    },
    [host],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Ctrl/Cmd + and − size the terminal for a projector without zooming the whole page.
    if (!(event.ctrlKey || event.metaKey) || !event.altKey) return;
    if (event.key === '=' || event.key === '+') changeFont(1);
    else if (event.key === '-') changeFont(-1);
    else return;
    event.preventDefault();
  };

  return (
    <section className="sbx" aria-labelledby="sandbox-title" onKeyDown={onKeyDown}>
      <header className="sbx-bar">
        <h2 id="sandbox-title">Sandbox</h2>
        <span className="sbx-badge" title="Commands run against a simulated KMS in your browser; nothing is sent to AWS">
          simulated · nothing reaches AWS
        </span>
        <div className="sbx-tools" role="toolbar" aria-label="Sandbox tools">
          <button type="button" onClick={() => changeFont(-1)} title="Smaller text (Ctrl+Alt+−)">
            <span aria-hidden="true">A−</span>
            <span className="visually-hidden">Smaller terminal text</span>
          </button>
          <button type="button" onClick={() => changeFont(1)} title="Larger text (Ctrl+Alt+=)">
            <span aria-hidden="true">A+</span>
            <span className="visually-hidden">Larger terminal text</span>
          </button>
          <button type="button" aria-pressed={readerMode} onClick={() => setReaderMode((on) => !on)} title="Screen reader mode for the terminal">
            Reader
          </button>
          <button type="button" onClick={download} disabled={!host}>
            Export
          </button>
          <button type="button" onClick={() => importInput.current?.click()} disabled={!host}>
            Import
          </button>
          <input ref={importInput} type="file" accept="application/json,.json" hidden onChange={(e) => void upload(e.target.files?.[0])} />
          <button type="button" className="sbx-danger" onClick={() => void reset()} disabled={!host}>
            Reset
          </button>
          <button
            type="button"
            className="sbx-maximise"
            aria-pressed={maximised}
            onClick={() => setMaximised(!maximised)}
            title={maximised ? 'Give the lesson its place back' : 'Give the sandbox the whole width: the terminal and the diagram side by side'}
          >
            Maximise
          </button>
        </div>
      </header>

      <div className="sbx-notices">
        {host && <HostStatusNotice host={host} />}
        {notice && (
          <div className="sbx-notice" role="status">
            <span>{notice}</span>
            <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss this message">
              ×
            </button>
          </div>
        )}
      </div>

      {failure ? (
        <p className="sbx-failure" role="alert">
          The sandbox could not start: {failure}. Reload the page to try again.
        </p>
      ) : host && feed && announcer && scenes ? (
        <>
          <SandboxErrorBoundary what="the terminal">
            <TerminalView
              ref={terminal}
              session={host.sandbox.session}
              fontSize={presenter ? fontSize + 6 : fontSize}
              screenReaderMode={readerMode}
              announce={announcer.announce}
            />
            <MobileKeys onKey={(data) => terminal.current?.press(data)} />
          </SandboxErrorBoundary>
          {/* Apart, so a view that breaks leaves the terminal working. */}
          <SandboxErrorBoundary what="the sandbox's views" className="sbx-panels">
            {panelsWanted ? (
              <Suspense fallback={panelsPending}>
                <SandboxPanels sandbox={host.sandbox} feed={feed} scenes={scenes} />
              </Suspense>
            ) : (
              panelsPending
            )}
          </SandboxErrorBoundary>
        </>
      ) : (
        <p className="sbx-loading" role="status">
          Starting your sandbox…
        </p>
      )}
      {announcer ? (
        <LiveAnnouncement announcer={announcer} />
      ) : (
        <div className="visually-hidden" aria-live="polite" aria-atomic="true" />
      )}
    </section>
  );
}
