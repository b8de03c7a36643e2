/**
 * Step events for the envelope-encryption diagram. Each operation reports
 * what happened inside KMS as named steps, with sizes and identifiers but
 * never secret bytes: data keys and plaintexts appear only as a short
 * fingerprint (the first 8 hex digits of their SHA-256).
 */
export type TraceStepKind =
  | 'authorize'
  | 'resolve-key'
  | 'generate-data-key'
  | 'encrypt'
  | 'decrypt'
  | 'return'
  | 'rotate'
  | 'state-change'
  | 'delete-key'
  | 'import'
  | 'sign'
  | 'verify'
  | 'mac'
  | 'generate-key-pair'
  | 'derive'
  | 'error';

export interface TraceStep {
  kind: TraceStepKind;
  /** A short caption for the diagram, in plain words. */
  caption: string;
  keyId?: string;
  /** Key material version involved (0 = the key's first material). */
  materialVersion?: number;
  /** Byte counts of what moved in this step. */
  bytes?: number;
  fingerprint?: string | undefined;
}

export interface TraceEvent {
  requestId: string;
  operation: string;
  time: Date;
  caller: string;
  steps: TraceStep[];
  outcome: { ok: true } | { ok: false; errorCode: string; errorMessage: string };
}

export type TraceListener = (event: TraceEvent) => void;
