/**
 * What the sandbox's storage needs the learner to know (sandbox-host.ts's
 * HostStatus), in the notice bar: saving failed, another tab has newer work
 * (Reload), or the saved sandbox was unusable and kept aside (export it).
 */
import { useState, useSyncExternalStore } from 'react';
import { downloadJson } from '../download.ts';
import type { HostStatus, SandboxHost } from './sandbox-host.ts';

export default function HostStatusNotice({ host }: { host: Pick<SandboxHost, 'status' | 'onStatus'> }) {
  const status = useSyncExternalStore<HostStatus>(host.onStatus, host.status, host.status);
  const [dismissed, setDismissed] = useState<HostStatus | undefined>(undefined);
  if (status.kind === 'ok' || status === dismissed) return null;
  return (
    <div className="sbx-notice sbx-notice-warn" role="alert">
      <span>{status.message}</span>
      {status.kind === 'other-tab' && (
        <button type="button" className="sbx-notice-action" onClick={() => location.reload()}>
          Reload
        </button>
      )}
      {status.kind === 'damaged' && (
        <>
          <button
            type="button"
            className="sbx-notice-action"
            onClick={() => downloadJson('kms-lab-sandbox-damaged.json', JSON.stringify(status.exportDamaged(), null, 2))}
          >
            Export the damaged copy
          </button>
          <button type="button" onClick={() => setDismissed(status)} aria-label="Dismiss this message">
            ×
          </button>
        </>
      )}
    </div>
  );
}
