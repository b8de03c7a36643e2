/**
 * If the terminal or a panel throws while rendering, the learner gets a
 * message and a way out (Export what is there, Reset after asking, Reload)
 * in its place instead of a blank area. The sandbox's state lives outside
 * React, so nothing of it is lost by the crash itself.
 */
import { Component, Fragment, useState, type ErrorInfo, type ReactNode } from 'react';
import { downloadJson } from '../download.ts';
import { exportSandbox } from './sandbox-export.ts';
import { getSandboxHost } from './sandbox-host.ts';

interface Props {
  children: ReactNode;
  /** What broke, in the learner's words ("the sandbox", "the sandbox's views"). */
  what: string;
  /** Classes for the message's box, so it takes the broken part's place in the layout. */
  className?: string;
}

interface State {
  error: Error | undefined;
  /** Bumped after a reset, so the children mount afresh. */
  attempt: number;
}

export default class SandboxErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // For whoever debugs it; the learner sees the message below.
    console.warn('KMS Lab: the sandbox stopped drawing', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (!error) return <Fragment key={attempt}>{this.props.children}</Fragment>;
    return <SandboxCrash what={this.props.what} className={this.props.className ?? 'sbx-failure'} error={error} onReset={() => this.setState(({ attempt: n }) => ({ error: undefined, attempt: n + 1 }))} />;
  }
}

function SandboxCrash({ what, className, error, onReset }: { what: string; className: string; error: Error; onReset(): void }) {
  const [note, setNote] = useState<string | undefined>(undefined);
  const exportNow = async () => {
    try {
      const host = await getSandboxHost();
      downloadJson('kms-lab-sandbox.json', JSON.stringify(exportSandbox(host.sandbox), null, 2));
      setNote('Exported your files and your keys’ settings.');
    } catch (failure) {
      setNote(`The export failed too: ${(failure as Error).message}`);
    }
  };
  const reset = async () => {
    if (!window.confirm('Delete every key, alias and file in this sandbox and start a new account? Your command history stays.')) return;
    try {
      await (await getSandboxHost()).reset();
      onReset();
    } catch (failure) {
      setNote(`The reset failed: ${(failure as Error).message}. Reload the page to try again.`);
    }
  };
  return (
    <div className={`${className} sbx-crash`} role="alert">
      <p>
        Something went wrong in {what}: <code>{error.message || error.name}</code>. Your keys and files live outside this view, so the error itself loses
        none of them; reloading the page usually brings it back. If it does not, export your sandbox, then reset it.
      </p>
      <p className="sbx-crash-actions">
        <button type="button" onClick={() => location.reload()}>
          Reload the page
        </button>
        <button type="button" onClick={() => void exportNow()}>
          Export sandbox
        </button>
        <button type="button" className="sbx-danger" onClick={() => void reset()}>
          Reset sandbox…
        </button>
      </p>
      {note && <p role="status">{note}</p>}
    </div>
  );
}
