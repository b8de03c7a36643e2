/**
 * The most one command line may print to the terminal, and one printf may produce: bash would
 * print a 100 MB `printf '%99999999d'`, but a browser tab would freeze drawing it.
 */
export const MAX_OUTPUT = 16 * 1024 * 1024;

/** The note after the output of a line that reached MAX_OUTPUT. */
export const OUTPUT_CUT_NOTE =
  "bash: output cut at 16 MiB: KMS Lab's terminal shows at most 16 MiB from one command line (redirect to a file to keep more)\n";
