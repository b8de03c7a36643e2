/**
 * One item as a card: what it is (in words, not only colour), its name, where it is held, and the
 * short facts that matter (size, fingerprint, which KMS key and material version made it).
 */
import type { DiagramItem, ItemKind } from './types.ts';

export const KIND_LABELS: Record<ItemKind, string> = {
  'kms-key': 'KMS key',
  'data-key': 'Plaintext data key',
  'encrypted-data-key': 'Encrypted data key',
  'plaintext-data': 'Plaintext data',
  'encrypted-data': 'Encrypted data',
  signature: 'Signature',
  mac: 'MAC',
  'public-key': 'Public key',
  'private-key': 'Plaintext private key',
  'encrypted-private-key': 'Encrypted private key',
};

/** How a card names the KMS key behind it: ciphertexts are made under a key, the others by or of one. */
const MADE_BY: Partial<Record<ItemKind, string>> = { signature: 'signed by', mac: 'made by', 'public-key': 'of' };

/** Versions drawn on a key card at most; a key rotated for years keeps its card small. */
const MAX_VERSIONS = 6;

function Versions({ item }: { item: DiagramItem }) {
  const versions = item.versions ?? [];
  const shown = versions.slice(-MAX_VERSIONS);
  const hidden = versions.length - shown.length;
  return (
    <ol className="env-versions" aria-label="Key material versions">
      {hidden > 0 && <li className="env-version env-version--more">+{hidden} older</li>}
      {shown.map((v) => (
        <li key={v.version} className={`env-version${v.current ? ' env-version--current' : ''}`}>
          <span className="env-sr">version </span>
          <span aria-hidden="true">v</span>
          {v.version}
          {v.current && <span className="env-sr"> (current)</span>}
        </li>
      ))}
    </ol>
  );
}

/** What "gone" means depends on where: KMS forgets what passed through it; keys are deleted; files removed. */
function goneTag(item: DiagramItem): string {
  if (item.kind === 'kms-key') return 'deleted';
  return item.lane === 'kms' ? 'not kept' : 'removed';
}

export default function ItemChip({ item }: { item: DiagramItem }) {
  const classes = ['env-item', `env-item--${item.kind}`, `env-item--${item.presence}`];
  if (item.focus) classes.push('env-item--focus');
  if (item.keyState && item.keyState !== 'Enabled') classes.push('env-item--unusable');
  const madeBy = item.kind !== 'kms-key' && item.keyLabel !== undefined;
  return (
    <li className={classes.join(' ')}>
      <span className="env-item-kind">
        {KIND_LABELS[item.kind]}
        {item.presence === 'new' && <span className="env-tag">new</span>}
        {item.presence === 'gone' && <span className="env-tag env-tag--gone">{goneTag(item)}</span>}
      </span>
      {/* A key's card already says "KMS key" above its ID. */}
      <span className="env-item-label">{item.kind === 'kms-key' ? item.label.replace(/^KMS key /, '') : item.label}</span>
      {item.kind !== 'kms-key' && <span className="env-item-where">{item.where}</span>}
      {madeBy && (
        <span className="env-item-made">
          {MADE_BY[item.kind] ?? 'under'} {item.keyLabel}
          {item.materialVersion !== undefined && <>, version {item.materialVersion}</>}
        </span>
      )}
      {item.details.length > 0 && (
        <span className="env-item-details">
          {item.details.map((d) => (
            <span key={d} className="env-item-detail">
              {d}
            </span>
          ))}
        </span>
      )}
      {item.versions && <Versions item={item} />}
    </li>
  );
}
