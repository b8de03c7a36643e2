/**
 * Simulated time. Lessons fast-forward it (`sim time +30d`) so rotations,
 * deletion windows and import expiries happen in seconds.
 *
 * Live mode (the default) follows the wall clock plus every advance; fixed
 * mode (seeded runs) starts at a given instant and moves only when told to,
 * a millisecond per call, so a seeded run prints the same dates every time.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a seeded simulation starts: a Monday morning, UTC. */
export const FIXED_START = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface ClockState {
  mode: 'live' | 'fixed';
  /** live: milliseconds added to the wall clock; fixed: the current instant. */
  value: number;
  /** The latest instant handed out, so time never runs backwards. */
  last: number;
}

export class SimClock {
  private state: ClockState;

  constructor(state?: ClockState | { mode: 'fixed'; start?: number } | { mode: 'live' }) {
    if (state && 'last' in state) this.state = { ...state };
    else if (state?.mode === 'fixed') this.state = { mode: 'fixed', value: state.start ?? FIXED_START, last: 0 };
    else this.state = { mode: 'live', value: 0, last: 0 };
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** now() as epoch milliseconds, for checks that need no Date object. */
  nowMs(): number {
    const raw = this.state.mode === 'live' ? Date.now() + this.state.value : this.state.value;
    this.state.last = Math.max(raw, this.state.last);
    return this.state.last;
  }

  /** Moves time forward; the simulator then applies whatever fell due. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The simulated clock only moves forward');
    this.state.value += Math.floor(ms);
    return this.now();
  }

  /** In fixed mode, one millisecond passes per call so events stay distinct and ordered. */
  tick(): void {
    if (this.state.mode === 'fixed') this.state.value += 1;
  }

  snapshot(): ClockState {
    return { ...this.state };
  }
}
