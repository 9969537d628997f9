// GitHub keeps 10 annotations of a kind a step and 50 a job (actions/toolkit, docs/problem-matchers.md,
// "Limitations"); past them an annotation is only a log line. The notice that carries the memory's
// record must be among those kept, so a run holds its warnings back until that notice is out.
import type { Runner } from './runner.js'

export interface HeldWarnings {
  /** The runner, its warnings held back until release(). */
  runner: Runner
  /** Prints the warnings held so far, in order; later ones are printed at once. */
  release(): void
}

export function holdWarnings(runner: Runner): HeldWarnings {
  let held: [string, string | undefined][] | undefined = []
  return {
    runner: {
      ...runner,
      warning(text, title) {
        if (held) held.push([text, title])
        else runner.warning(text, title)
      },
    },
    release() {
      const out = held ?? []
      held = undefined
      for (const [text, title] of out) runner.warning(text, title)
    },
  }
}
