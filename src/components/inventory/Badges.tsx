/**
 * Small pieces both panels share: badges that pair colour with text and a
 * symbol, identifiers shortened in the middle with the full value still
 * reachable, and UTC times marked up for machines.
 */
import type { KeySummary } from '../../kms/kms.ts';
import type { KeyState } from '../../kms/keys.ts';
import { formatUtc, isoUtc, truncateMiddle } from './format.ts';
import { managerText, stateBadge, type Tone } from './key-view.ts';

export function Badge({ tone, symbol, children }: { tone: Tone | 'aws' | 'customer' | 'service'; symbol?: string; children: string }) {
  return (
    <span className={`inv-badge inv-badge-${tone}`}>
      {symbol && <span aria-hidden="true">{symbol} </span>}
      {children}
    </span>
  );
}

export function StateBadge({ state }: { state: KeyState }) {
  const badge = stateBadge(state);
  return (
    <Badge tone={badge.tone} symbol={badge.symbol}>
      {badge.text}
    </Badge>
  );
}

export function ManagerBadge({ keyManager }: Pick<KeySummary, 'keyManager'>) {
  return <Badge tone={keyManager === 'AWS' ? 'aws' : 'customer'}>{managerText({ keyManager })}</Badge>;
}

/**
 * A long ID shortened for the table. Sighted users get the full value as a
 * tooltip (and in the details panel); screen readers read it in full, since
 * "e08cad dot dot dot" identifies nothing.
 */
export function TruncatedId({ value, max }: { value: string; max: number }) {
  const short = truncateMiddle(value, max);
  if (short === value) return <span className="inv-mono">{value}</span>;
  return (
    <span className="inv-mono" title={value}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{value}</span>
    </span>
  );
}

export function UtcTime({ value }: { value: Date | string }) {
  return <time dateTime={isoUtc(value)}>{formatUtc(value)}</time>;
}
