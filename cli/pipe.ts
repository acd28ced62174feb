/**
 * `mpisim check … | head -1`: the reader closes the pipe while mpisim still writes. Node then
 * raises EPIPE as an unhandled 'error' on the stream and dies with a stack trace; a command-line
 * tool should stop quietly instead, as one killed by SIGPIPE does (exit status 128 + 13 = 141).
 * Installed by the two entry points (the compiled bin and the sources' bin), never by `main()`,
 * which tests call in-process.
 */
export function stopQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(141);
      throw e;
    });
  }
}
