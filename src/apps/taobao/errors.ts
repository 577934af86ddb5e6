/** The input file cannot be opened; the message names the path and the cause. */
export class InputFileError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`cannot read "${path}" (${why}); check the path, or make a file with \`streamdash gen taobao --rows 10000 --out ${path}\``, { cause });
    this.name = 'InputFileError';
  }
}
