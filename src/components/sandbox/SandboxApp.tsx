/**
 * The sandbox island beside every lesson: the toolbar, the notices, the touch
 * key row and, below or beside the terminal (global.css decides by the pane's
 * width), the envelope diagram, the key inventory and the audit log as tabs.
 * The terminal itself is not React's: sandbox-start.ts mounts it into this
 * island's server-rendered markup before React loads, and the island hydrates
 * after the first prompt (client:sandbox) to take the started sandbox; until
 * then its tools are shown disabled, and the touch key row already types
 * (key-row.ts). The
 * panels and the screen-reader announcement follow each command's output in
 * one refresh (panel-feed.ts); error boundaries keep a way out if anything throws.
 */
import { lazy, startTransition, Suspense, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { downloadJson } from '../download.ts';
import { onLayoutChange, sandboxMaximised, setSandboxMaximised } from '../lesson/layout-prefs.ts';
import KeyboardHelp from '../terminal/KeyboardHelp.tsx';
import HostStatusNotice from './HostStatusNotice.tsx';
import LiveAnnouncement from './LiveAnnouncement.tsx';
import SandboxErrorBoundary from './SandboxErrorBoundary.tsx';
import { exportSandbox } from './sandbox-export.ts';
import { importSandboxFile } from './sandbox-import.ts';
import { startedSandbox, type StartedSandbox } from './sandbox-start.ts';
import MobileKeys from './MobileKeys.tsx';
import { afterPromptPainted } from './after-prompt.ts';
// The terminal's styles too: they come with this markup in the page's head, before the terminal mounts.
import '@xterm/xterm/css/xterm.css';
import '../terminal/terminal.css';
import './sandbox.css';

// The diagram, inventory and audit log load after the first prompt is painted (see after-prompt.ts).
const SandboxPanels = lazy(() => import('./SandboxPanels.tsx'));

/** Where the panels will be, the height they take, while their code loads. */
const panelsPending = <div className="sbx-panels sbx-panels-pending" aria-busy="true" />;

/** xterm's DOM lives in the terminal's element: React renders it empty and never looks inside. */
const XTERM_OWNS_THIS = { __html: '' };

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
export default function SandboxIsland() {
  return (
    <SandboxErrorBoundary what="the sandbox">
      <SandboxApp />
    </SandboxErrorBoundary>
  );
}

function SandboxApp() {
  const [started, setStarted] = useState<StartedSandbox | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [readerMode, setReaderMode] = useState(false);
  const [maximised, setMaximised] = useMaximised();
  const importInput = useRef<HTMLInputElement>(null);
  const [panelsWanted, setPanelsWanted] = useState(false);
  const host = started?.host;
  useEffect(() => (started ? afterPromptPainted(() => startTransition(() => setPanelsWanted(true))) : undefined), [started]);

  useEffect(() => {
    // client:sandbox hydrates only after a successful start, so this is there and settled.
    void startedSandbox()?.then((s) => {
      setStarted(s);
      if (s.notice) setNotice(s.notice);
    });
  }, []);

  useEffect(() => started?.terminal.setScreenReaderMode(readerMode), [started, readerMode]);

  // Hydration keeps the server's element, where the terminal already is; should React ever draw the
  // island afresh (a mismatch it recovers from, an error boundary's retry), the terminal moves into the new one.
  const terminalPlace = useCallback((element: HTMLDivElement | null) => void (element && started?.terminal.moveTo(element)), [started]);

  const changeFont = (step: 1 | -1) => started?.font.step(step);

  const reset = async () => {
    if (!started) return;
    if (!window.confirm('Delete every key, alias and file in this sandbox and start a new account? Your command history stays.')) return;
    await started.host.reset();
    setNotice('The sandbox is new: a fresh account with only the AWS managed keys, and an empty home directory.');
    started.terminal.focus();
  };

  const download = () => {
    if (!host) return;
    downloadJson('kms-lab-sandbox.json', JSON.stringify(exportSandbox(host.sandbox), null, 2));
    setNotice('Exported your files and your keys’ settings. Key material never leaves a KMS, so it is not in the file.');
  };

  const upload = async (file: File | undefined) => {
    if (!host || !file) return;
    // sandbox-import.ts asks before replacing files, reports progress and words the outcome.
    const message = await importSandboxFile(host.sandbox, file, { confirm: (q) => window.confirm(q), progress: setNotice });
    setNotice(await host.save().then(() => message, (error: unknown) => `${message} Saving the sandbox failed: ${(error as Error).message}`));
  };

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
          <button type="button" onClick={() => changeFont(-1)} disabled={!started} title="Smaller text (Ctrl+Alt+−)">
            <span aria-hidden="true">A−</span>
            <span className="visually-hidden">Smaller terminal text</span>
          </button>
          <button type="button" onClick={() => changeFont(1)} disabled={!started} title="Larger text (Ctrl+Alt+=)">
            <span aria-hidden="true">A+</span>
            <span className="visually-hidden">Larger terminal text</span>
          </button>
          <button type="button" aria-pressed={readerMode} onClick={() => setReaderMode((on) => !on)} disabled={!started} title="Screen reader mode for the terminal">
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
            disabled={!started}
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

      <div className="sbx-terminal-wrap">
        <p className="sbx-loading" role="status">
          Starting your sandbox…
        </p>
        <div
          ref={terminalPlace}
          className="sbx-terminal"
          role="group"
          aria-label="Terminal"
          aria-describedby="sbx-terminal-help"
          dangerouslySetInnerHTML={XTERM_OWNS_THIS}
          suppressHydrationWarning
        />
        <KeyboardHelp summaryId="sbx-terminal-help" />
      </div>
      {/* Apart, so a key row or a view that breaks leaves the terminal working. */}
      <SandboxErrorBoundary what="the terminal's key row" className="sbx-keys">
        <MobileKeys />
      </SandboxErrorBoundary>
      <SandboxErrorBoundary what="the sandbox's views" className="sbx-panels">
        {started && panelsWanted ? (
          <Suspense fallback={panelsPending}>
            <SandboxPanels sandbox={started.host.sandbox} feed={started.feed} scenes={started.scenes} />
          </Suspense>
        ) : (
          panelsPending
        )}
      </SandboxErrorBoundary>
      {started ? (
        <LiveAnnouncement announcer={started.announcer} />
      ) : (
        <div className="visually-hidden" aria-live="polite" aria-atomic="true" />
      )}
    </section>
  );
}
