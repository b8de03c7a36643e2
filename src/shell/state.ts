/** What a shell remembers between commands: variables, working directory, last status. */

export interface ShellVariable {
  readonly value: string;
  /** Exported variables reach commands through their environment. */
  readonly exported: boolean;
}

export interface ShellState {
  cwd: string;
  /** In creation order, which is the order `env` prints them in. */
  readonly vars: Map<string, ShellVariable>;
  /** `$?` */
  status: number;
}

export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Subshells, pipeline members and `$(…)` work on a copy: their cd and assignments do not leak out. */
export function cloneState(state: ShellState): ShellState {
  return { cwd: state.cwd, vars: new Map(state.vars), status: state.status };
}

/** Sets (value) or removes (undefined) a variable; `exported` undefined keeps its current export flag. */
export function setVariable(state: ShellState, name: string, value: string | undefined, exported?: boolean): void {
  if (value === undefined) {
    state.vars.delete(name);
    return;
  }
  const old = state.vars.get(name);
  state.vars.set(name, { value, exported: exported ?? old?.exported ?? false });
}

export function exportedEnv(state: ShellState): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, v] of state.vars) if (v.exported) env[name] = v.value;
  return env;
}
