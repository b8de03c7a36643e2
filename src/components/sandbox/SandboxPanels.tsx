/**
 * The views under the terminal, as tabs: what the last commands did to the
 * envelope, the keys the account holds, and the audit log. ARIA tabs with
 * arrow-key movement; a panel is first drawn when its tab is first shown, then
 * stays mounted so its state survives, but only the shown one follows the
 * sandbox (through the shared PanelFeed, after each command's output is
 * painted); a hidden one catches up when shown.
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Sandbox } from '../../shell/sandbox.ts';
import EnvelopeDiagram, { useEnvelopeScenes, type SceneSource } from '../envelope/EnvelopeDiagram.tsx';
import AuditLog from '../inventory/AuditLog.tsx';
import KeyInventory from '../inventory/KeyInventory.tsx';
import type { PanelFeed } from './panel-feed.ts';
import { revealLanes } from './reveal-lanes.ts';

type Tab = 'envelope' | 'keys' | 'log';
const TABS: { id: Tab; label: string }[] = [
  { id: 'envelope', label: 'Envelope' },
  { id: 'keys', label: 'Keys' },
  { id: 'log', label: 'Audit log' },
];

interface PanelProps {
  sandbox: Sandbox;
  feed: PanelFeed;
  active: boolean;
}

/** The diagram with its scenes: only this panel renders when a scene arrives. */
const EnvelopePanel = memo(function EnvelopePanel({ source, feed, active }: { source: SceneSource; feed: PanelFeed; active: boolean }) {
  const scenes = useEnvelopeScenes(source, { feed, active });
  const revealed = useRef<number | undefined>(undefined);
  useEffect(() => {
    const newest = scenes.at(-1)?.id;
    if (newest === undefined || newest === revealed.current) return;
    revealed.current = newest;
    // Drawn in this commit: once laid out, its lanes come into the panel's view.
    const frame = requestAnimationFrame(() => revealLanes(document.getElementById('sbx-panel-envelope')));
    return () => cancelAnimationFrame(frame);
  }, [scenes]);
  return <EnvelopeDiagram scenes={scenes} />;
});

const KeysPanel = memo(function KeysPanel({ sandbox, feed, active }: PanelProps) {
  return <KeyInventory sandbox={sandbox} feed={feed} active={active} />;
});

const LogPanel = memo(function LogPanel({ sandbox, feed, active }: PanelProps) {
  return <AuditLog sandbox={sandbox} feed={feed} active={active} />;
});

/** `scenes`: the session's events for the diagram, from before these panels loaded (event-backlog.ts); the session itself without. */
export default function SandboxPanels({ sandbox, feed, scenes }: { sandbox: Sandbox; feed: PanelFeed; scenes?: SceneSource }) {
  const [tab, setShownTab] = useState<Tab>('envelope');
  // Tabs shown at least once: the others have drawn nothing yet (at 1,000 keys, drawing them cost the start-up).
  const [drawn, setDrawn] = useState<ReadonlySet<Tab>>(() => new Set<Tab>(['envelope']));
  const setTab = (next: Tab) => {
    setShownTab(next);
    setDrawn((seen) => (seen.has(next) ? seen : new Set([...seen, next])));
  };
  const buttons = useRef(new Map<Tab, HTMLButtonElement>());

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length]!.id;
    setTab(next);
    buttons.current.get(next)?.focus();
  };

  const panel = (id: Tab, content: ReactNode) => (
    <div className="sbx-panel" role="tabpanel" id={`sbx-panel-${id}`} aria-labelledby={`sbx-tab-${id}`} hidden={tab !== id} tabIndex={0}>
      {drawn.has(id) ? content : null}
    </div>
  );

  return (
    <div className="sbx-panels">
      <div className="sbx-tabs" role="tablist" aria-label="Sandbox views" onKeyDown={move}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => void (el ? buttons.current.set(t.id, el) : buttons.current.delete(t.id))}
            type="button"
            role="tab"
            id={`sbx-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`sbx-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {panel('envelope', <EnvelopePanel source={scenes ?? sandbox.session} feed={feed} active={tab === 'envelope'} />)}
      {panel('keys', <KeysPanel sandbox={sandbox} feed={feed} active={tab === 'keys'} />)}
      {panel('log', <LogPanel sandbox={sandbox} feed={feed} active={tab === 'log'} />)}
    </div>
  );
}
