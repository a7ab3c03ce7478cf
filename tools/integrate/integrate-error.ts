/** An integration problem the developer can fix; the CLI prints its message (which says how) and exits 1. */
export class IntegrateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrateError';
  }
}
