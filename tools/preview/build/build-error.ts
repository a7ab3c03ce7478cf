/** Compiler and bundler problems in one shape, so the overlay can show each with its file:line. */

/** One problem, located when the tool said where. */
export interface BuildProblem {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Thrown by every build step; carries all problems of the step, not only the first. */
export class BuildError extends Error {
  constructor(readonly problems: BuildProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'BuildError';
  }
}

/** `file:line:column: message`, the format editors and terminals make clickable. */
export function formatProblem(p: BuildProblem): string {
  if (!p.file) return p.message;
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.message}`;
}

/** Any thrown value as problems (a BuildError keeps its own; anything else becomes one unlocated problem). */
export function toProblems(err: unknown): BuildProblem[] {
  if (err instanceof BuildError) return err.problems;
  return [{ message: err instanceof Error ? err.message : String(err) }];
}
