/** An expansion bash refuses (`${a b}`, `$((1/0))`, `${X:?}`): the command does not run and its status is 1. */
export class ExpansionError extends Error {
  /** The text bash prints after `bash: `. */
  constructor(message: string) {
    super(message);
    this.name = 'ExpansionError';
  }
}
