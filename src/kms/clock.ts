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

/**
 * The latest instant the clock can reach: 1 January 9990, UTC. Every date
 * KMS derives from "now" (a deletion up to 30 days on, import parameters
 * 24 hours, imported material up to 365 days, a rotation up to 2,560 days)
 * then still falls within year 9999, the last year the AWS CLI (Python's
 * datetime) and CloudTrail's timestamps can write; far before the end of
 * what a JavaScript Date can hold (year 275,760), past which every date
 * becomes "Invalid time value".
 */
export const MAX_SIM_TIME = Date.UTC(9990, 0, 1);

/** A jump or start past MAX_SIM_TIME: refused before the clock changes, so callers can say so plainly. */
export class ClockLimitError extends RangeError {
  override name = 'ClockLimitError';
}

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
    if (state && 'last' in state) this.state = withinBound(state);
    else if (state?.mode === 'fixed') {
      const start = state.start ?? FIXED_START;
      if (!(Math.abs(start) <= MAX_SIM_TIME)) throw new ClockLimitError(`The simulated clock cannot start at ${start}: ${LIMIT_TEXT}`);
      this.state = { mode: 'fixed', value: start, last: 0 };
    } else this.state = { mode: 'live', value: 0, last: 0 };
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** now() as epoch milliseconds, for checks that need no Date object. */
  nowMs(): number {
    // A live clock restored at the bound keeps running with the wall clock: it stops at the bound.
    const raw = this.state.mode === 'live' ? Math.min(Date.now() + this.state.value, MAX_SIM_TIME) : this.state.value;
    this.state.last = Math.max(raw, this.state.last);
    return this.state.last;
  }

  /** How many milliseconds the clock can still move forward before it reaches MAX_SIM_TIME. */
  headroom(): number {
    return Math.max(0, MAX_SIM_TIME - this.nowMs());
  }

  /**
   * Moves time forward; the simulator then applies whatever fell due. A
   * jump past MAX_SIM_TIME is refused whole, leaving the clock as it was.
   */
  advance(ms: number): Date {
    if (Number.isNaN(ms) || ms < 0) throw new RangeError('The simulated clock only moves forward');
    if (!(ms <= this.headroom())) throw new ClockLimitError(`The simulated clock cannot move that far: ${LIMIT_TEXT}`);
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

const LIMIT_TEXT = `the latest date it can reach is ${new Date(MAX_SIM_TIME).toISOString().slice(0, 10)}`;

/**
 * A saved clock as the constructor keeps it: one saved before the clock had
 * a bound may be past it, or hold no number at all, which would make every
 * date "Invalid time value" after each reload. It comes back at the bound,
 * so the learner's keys and files are usable again.
 */
function withinBound(state: ClockState): ClockState {
  const last = Number.isFinite(state.last) ? Math.min(Math.max(state.last, -MAX_SIM_TIME), MAX_SIM_TIME) : 0;
  if (state.mode === 'fixed') {
    const value = Number.isFinite(state.value) ? Math.min(Math.max(state.value, -MAX_SIM_TIME), MAX_SIM_TIME) : Math.max(last, FIXED_START);
    return { mode: 'fixed', value, last };
  }
  const offset = Number.isFinite(state.value) ? state.value : 0;
  return { mode: 'live', value: Math.min(offset, MAX_SIM_TIME - Date.now()), last };
}
