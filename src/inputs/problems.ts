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
