/**
 * A module loaded the first time it is needed, so the page starts without
 * its code: the operations few learners reach, and above this layer the AWS
 * CLI (cli-loader.ts) and the shell's lazy tools (lazy-command.ts). Once
 * loaded it is at hand synchronously (`ready`), so later calls run as they would with a
 * static import; a load that failed (offline, a newer deployment) is tried
 * again on the next use rather than remembered.
 */
export interface OnDemand<M> {
  readonly ready: M | undefined;
  load(): Promise<M>;
}

export function onDemand<M>(importer: () => Promise<M>): OnDemand<M> {
  let ready: M | undefined;
  let pending: Promise<M> | undefined;
  return {
    get ready() {
      return ready;
    },
    load() {
      pending ??= importer().then(
        (module) => (ready = module),
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
  };
}
