/**
 * Keys a touch keyboard lacks, in a row under the terminal: Tab for
 * completion, Ctrl-C, the arrows for history and editing. Shown on coarse
 * pointers (CSS), hidden from assistive tech that has a real keyboard anyway.
 * Markup only: key-row.ts makes the buttons type, from the moment the terminal
 * is up (before this island has hydrated).
 */
const KEYS: { label: string; name: string; data: string }[] = [
  { label: 'Tab', name: 'Tab', data: '\t' },
  { label: 'Ctrl-C', name: 'Ctrl-C', data: '\x03' },
  { label: '↑', name: 'Up arrow', data: '\x1b[A' },
  { label: '↓', name: 'Down arrow', data: '\x1b[B' },
  { label: '←', name: 'Left arrow', data: '\x1b[D' },
  { label: '→', name: 'Right arrow', data: '\x1b[C' },
  { label: '|', name: 'Pipe', data: '|' },
  { label: '$', name: 'Dollar', data: '$' },
];

export default function MobileKeys() {
  return (
    <div className="sbx-keys" role="group" aria-label="Terminal keys">
      {KEYS.map((key) => (
        <button key={key.name} type="button" aria-label={key.name} data-terminal-key={key.data}>
          {key.label}
        </button>
      ))}
    </div>
  );
}
