/**
 * The events one command line produced, in the order they happened, as the diagram reads them:
 * KMS traces, what the CLI and each command said they did, file changes and terminal output
 * (with digests of what they held, added by observe-session.ts), and the state at the line's end.
 */
import type { AwsInvocation, Observation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import type { ExecRecord } from '../../shell/exec-events.ts';
import type { VfsChange } from '../../shell/vfs.ts';

export type LineEvent =
  | { type: 'kms'; trace: TraceEvent }
  | { type: 'aws'; invocation: AwsInvocation }
  | { type: 'exec'; exec: ExecRecord }
  /** `seen`: the file's content right after a write or rename (absent for a directory or when unknown). */
  | { type: 'vfs'; change: VfsChange; seen?: Observation }
  /** Something printed on the terminal's standard output. */
  | { type: 'output'; seen: Observation };

/** What the session held when the line ended (absent when the events came without a session). */
export interface LineEnd {
  /** Every file's absolute path. */
  files: readonly string[];
  /** Every shell variable's value, observed. */
  variables: Readonly<Record<string, Observation>>;
}

export interface LineRecord {
  line: string;
  exitCode: number;
  events: readonly LineEvent[];
  end?: LineEnd;
}
