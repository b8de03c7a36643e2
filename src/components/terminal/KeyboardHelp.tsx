/**
 * The terminal's keyboard help: a one-line summary under the terminal (its
 * accessible description too) and a Shortcuts button that shows every key
 * the terminal understands, with the Mac's keys on a Mac.
 */
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';

interface Props {
  /** The summary's id, which the terminal names as its description. */
  summaryId: string;
}

interface Shortcut {
  keys: ReactNode;
  does: string;
}

const k = (...keys: string[]): ReactNode =>
  keys.map((key, i) => (
    <span key={key}>
      {i > 0 && ', '}
      <kbd>{key}</kbd>
    </span>
  ));

function groups(mac: boolean): { title: string; shortcuts: Shortcut[] }[] {
  return [
    {
      title: 'Run and edit',
      shortcuts: [
        { keys: k('Enter'), does: 'Run the command.' },
        { keys: k('Tab'), does: 'Complete a command, option, value, key ID or file name; twice lists the choices.' },
        { keys: k('Ctrl+A', 'Ctrl+E'), does: 'Go to the start or the end of the line.' },
        { keys: k('Alt+B', 'Alt+F'), does: 'Go back or forward a word (Ctrl+← and Ctrl+→ too).' },
        { keys: k('Ctrl+U', 'Ctrl+K', 'Ctrl+W'), does: 'Delete to the start, to the end, or the word before the cursor; Ctrl+Y puts it back.' },
        { keys: k('Ctrl+C'), does: 'Abandon the line, as in bash.' },
        { keys: k('Ctrl+L'), does: 'Clear the screen.' },
      ],
    },
    {
      title: 'History',
      shortcuts: [
        { keys: k('↑', '↓'), does: 'Earlier and later commands.' },
        {
          keys: k('Ctrl+R'),
          does: 'Search earlier commands as you type; Ctrl+R again finds an older one. Enter runs it, Esc keeps it to edit, Ctrl+G gives your line back.',
        },
      ],
    },
    {
      title: 'Clipboard',
      shortcuts: [
        { keys: mac ? k('⌘V') : k('Ctrl+V', 'Shift+Insert'), does: 'Paste (a right-click pastes too).' },
        { keys: mac ? k('⌘C') : k('Ctrl+Shift+C'), does: 'Copy the selected text; selecting it copies it as well.' },
      ],
    },
    {
      title: 'Focus and size',
      shortcuts: [
        { keys: k('Shift+Tab'), does: 'Leave the terminal (or Esc, then Tab, to go forward).' },
        { keys: mac ? k('⌃⌥=', '⌃⌥−') : k('Ctrl+Alt+=', 'Ctrl+Alt+−'), does: 'Larger or smaller terminal text.' },
      ],
    },
  ];
}

function onMac(): boolean {
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform;
  return /mac|iphone|ipad|ipod/i.test(platform);
}

export default function KeyboardHelp({ summaryId }: Props) {
  const [open, setOpen] = useState(false);
  // Rendered on the server as not-a-Mac and not yet working (hydration must match); after hydrating,
  // a Mac's keys and the button follow at once.
  const [client, setClient] = useState<{ mac: boolean } | null>(null);
  useEffect(() => setClient({ mac: onMac() }), []);
  const mac = client?.mac ?? false;
  const panelId = useId();

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <>
      <div className="sbx-terminal-help term-help-row">
        <p id={summaryId}>
          Tab completes. ↑ ↓ and {mac ? '⌃R' : 'Ctrl+R'} find earlier commands. Shift+Tab leaves the terminal.
        </p>
        <button type="button" className="term-help-toggle" aria-expanded={open} aria-controls={panelId} disabled={!client} onClick={() => setOpen((shown) => !shown)} onKeyDown={closeOnEscape}>
          <span aria-hidden="true" className="term-help-mark">
            ?
          </span>
          Shortcuts
        </button>
      </div>
      {/* Drawn only when open: the page's HTML does not carry the whole table for a button pressed rarely. */}
      <section id={panelId} className="term-keys" aria-label="Terminal keyboard shortcuts" hidden={!open}>
        {open && groups(mac).map((group) => (
          <div key={group.title} className="term-keys-group">
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.does}>
                  <dt>{shortcut.keys}</dt>
                  <dd>{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </section>
    </>
  );
}
