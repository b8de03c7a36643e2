/**
 * Everything the inventory knows about one key, below the table: full
 * identifiers, settings, tags, material versions and the key policy,
 * indented so its statements can be read aloud in class.
 */
import { useId } from 'react';
import type { KeySummary } from '../../kms/kms.ts';
import { ManagerBadge, StateBadge, UtcTime } from './Badges.tsx';
import { prettyJson } from './format.ts';
import { keyTypeText, materialText, rotationText } from './key-view.ts';

interface Props {
  keySummary: KeySummary;
  /** Offered when the table can take the focus back. */
  onClose?: () => void;
}

export default function KeyDetails({ keySummary: key, onClose }: Props) {
  const titleId = useId();
  return (
    <section className="inv-details" aria-labelledby={titleId}>
      <div className="inv-details-head">
        <h3 id={titleId}>{key.aliases[0] ?? 'Key without an alias'}</h3>
        {onClose && (
          <button type="button" className="inv-button" onClick={onClose}>
            Close details
          </button>
        )}
      </div>
      <dl className="inv-meta">
        <dt>Key ID</dt>
        <dd className="inv-mono inv-wrap">{key.keyId}</dd>
        <dt>ARN</dt>
        <dd className="inv-mono inv-wrap">{key.arn}</dd>
        <dt>Aliases</dt>
        <dd className="inv-mono">{key.aliases.length > 0 ? key.aliases.join(', ') : 'None'}</dd>
        <dt>Description</dt>
        <dd>{key.description || 'None'}</dd>
        <dt>Managed by</dt>
        <dd>
          <ManagerBadge keyManager={key.keyManager} />
        </dd>
        <dt>State</dt>
        <dd>
          <StateBadge state={key.state} />
        </dd>
        {key.deletionDate && (
          <>
            <dt>Deletion date (UTC)</dt>
            <dd>
              <UtcTime value={key.deletionDate} />
            </dd>
          </>
        )}
        <dt>Key spec</dt>
        <dd className="inv-mono">{keyTypeText(key).spec}</dd>
        <dt>Key usage</dt>
        <dd className="inv-mono">{keyTypeText(key).usage}</dd>
        <dt>Origin</dt>
        <dd className="inv-mono">{key.origin}</dd>
        <dt>Created (UTC)</dt>
        <dd>
          <UtcTime value={key.creationDate} />
        </dd>
        <dt>Automatic rotation</dt>
        <dd>{rotationText(key)}</dd>
        <dt>Key material</dt>
        <dd>{materialText(key)}</dd>
      </dl>

      <h4>Tags</h4>
      {key.tags.length === 0 ? (
        <p className="inv-muted">No tags.</p>
      ) : (
        <dl className="inv-tags">
          {key.tags.map((tag) => (
            <div key={tag.TagKey} className="inv-tag">
              <dt className="inv-mono">{tag.TagKey}</dt>
              <dd className="inv-mono">{tag.TagValue}</dd>
            </div>
          ))}
        </dl>
      )}

      <h4>Key policy</h4>
      {/* Focusable so a keyboard can scroll a wide policy sideways. */}
      <pre className="inv-code" tabIndex={0}>
        <code>{prettyJson(key.policy)}</code>
      </pre>
    </section>
  );
}
