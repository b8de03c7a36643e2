/**
 * The sandbox island beside every lesson: the terminal on top, and below it the
 * envelope diagram, the key inventory and the audit log as tabs, all fed by the
 * visitor's one sandbox (see sandbox-host.ts).
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SandboxSetup } from '../../lib/content-schema.ts';
import { downloadJson } from '../download.ts';
import { acceptRuns } from '../lesson/run-bridge.ts';
import TerminalView, { type TerminalHandle } from '../terminal/TerminalView.tsx';
import { exportSandbox, importSandbox } from './sandbox-export.ts';
import { getSandboxHost, type SandboxHost } from './sandbox-host.ts';
import MobileKeys from './MobileKeys.tsx';
import SandboxPanels from './SandboxPanels.tsx';
import './sandbox.css';

interface Props {
  lessonId: string;
  setup: SandboxSetup;
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

/**
 * `?seed=N` in a lesson's address starts a repeatable sandbox, so a class sees the
 * presenter's key IDs. Asked once per tab, since it replaces the learner's sandbox.
 */
async function joinClass(host: SandboxHost): Promise<number | undefined> {
  const seed = Number(new URLSearchParams(location.search).get('seed') ?? Number.NaN);
  if (!Number.isSafeInteger(seed) || seed < 0) return undefined;
  const key = 'kms-lab-class-seed';
  try {
    if (sessionStorage.getItem(key) === String(seed)) return seed;
  } catch {
    // No session storage: ask every time.
  }
  if (!window.confirm(`Start the class sandbox with seed ${seed}? It replaces your current keys and files so your IDs match the presenter's.`)) return undefined;
  await host.sandbox.reset(seed);
  await host.save();
  try {
    sessionStorage.setItem(key, String(seed));
  } catch {
    // Fine.
  }
  return seed;
}

export default function SandboxApp({ lessonId, setup }: Props) {
  const [host, setHost] = useState<SandboxHost | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fontSize, setFontSize] = useState(savedFontSize);
  const [readerMode, setReaderMode] = useState(false);
  const presenter = usePresenterMode();
  const [announcement, setAnnouncement] = useState('');
  const terminal = useRef<TerminalHandle>(null);
  const importInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let stop = () => {};
    getSandboxHost()
      .then(async (h) => {
        setHost(h);
        const classSeed = await joinClass(h);
        const created = await h.prepare(lessonId, setup);
        const messages = [
          classSeed !== undefined ? `Class mode: this sandbox uses seed ${classSeed}, so your key IDs match the presenter's.` : h.notice,
          created.length ? `This lesson put ${created.join(', ')} in your home directory.` : undefined,
        ].filter(Boolean);
        if (messages.length) setNotice(messages.join(' '));
        // After any reset (the button, `sim reset`, `sim seed`), the lesson's files and keys come back.
        const unsubscribe = h.sandbox.session.subscribe((event) => {
          if (event.type === 'reset') void h.prepare(lessonId, setup);
        });
        // The terminal mounts with the host; wait a frame so its handle exists before queued ▶ runs.
        requestAnimationFrame(() => {
          const stopRuns = acceptRuns((command) => terminal.current?.run(command));
          stop = () => (stopRuns(), unsubscribe());
        });
      })
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
    return () => stop();
  }, [lessonId, setup]);

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
      try {
        const report = await importSandbox(host.sandbox, await file.text());
        await host.save();
        const keys = Object.keys(report.keys).length;
        setNotice(
          `Imported ${report.files} file(s) and ${keys} key(s). The keys are new keys with the old settings: ciphertexts made before the export cannot be decrypted with them.` +
            (report.problems.length ? ` ${report.problems.join(' ')}` : ''),
        );
      } catch (error) {
        setNotice((error as Error).message);
      }
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
        </div>
      </header>

      {notice && (
        <div className="sbx-notice" role="status">
          <span>{notice}</span>
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss this message">
            ×
          </button>
        </div>
      )}

      {failure ? (
        <p className="sbx-failure" role="alert">
          The sandbox could not start: {failure}. Reload the page to try again.
        </p>
      ) : host ? (
        <>
          <TerminalView ref={terminal} session={host.sandbox.session} fontSize={presenter ? fontSize + 6 : fontSize} screenReaderMode={readerMode} announce={setAnnouncement} />
          <MobileKeys onKey={(data) => terminal.current?.press(data)} />
          <SandboxPanels sandbox={host.sandbox} />
        </>
      ) : (
        <p className="sbx-loading" role="status">
          Starting your sandbox…
        </p>
      )}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </section>
  );
}
