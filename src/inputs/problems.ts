// What is wrong with the inputs: one problem per input, and the error that lists them all at once.
import { oneLine } from '../text/server-text.js'

/** A problem with one input; its message already names the input. */
export class InputProblem extends Error {}

/** One or more inputs are wrong. Every problem is listed so the user fixes them in one go. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n- ${problems.join('\n- ')}`)
    this.name = 'InputError'
  }
}

/** A value shown back inside an error message: short, one line for every reader. */
export function clip(value: string, max = 60): string {
  return oneLine(value, max)
}

/** Every problem found in the inputs, in the order found: each family of inputs adds to the one list. */
export class Problems {
  private readonly found: string[] = []

  add(message: string): void {
    this.found.push(message)
  }

  /** Adds problems found by another reader (the access's, read first), in their order. */
  addAll(messages: readonly string[]): void {
    this.found.push(...messages)
  }

  get count(): number {
    return this.found.length
  }

  list(): string[] {
    return [...this.found]
  }

  /** What `check` returns; if it throws an InputProblem, that problem is listed and `fallback` returned. */
  check<T>(check: () => T, fallback: T): T {
    try {
      return check()
    } catch (err) {
      return this.listed(err, fallback)
    }
  }

  /** check() for a check that reads files or loads a parser. */
  async checkAsync<T>(check: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await check()
    } catch (err) {
      return this.listed(err, fallback)
    }
  }

  /** One InputError with every problem, if there is any. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new InputError([...this.found])
  }

  private listed<T>(err: unknown, fallback: T): T {
    if (!(err instanceof InputProblem)) throw err
    this.found.push(err.message)
    return fallback
  }
}
