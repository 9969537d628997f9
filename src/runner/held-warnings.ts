// GitHub keeps 10 annotations of a kind a step and 50 a job (actions/toolkit, docs/problem-matchers.md,
// "Limitations"); past them an annotation is only a log line. The notice that carries the memory's
// record must be among those kept, so a run holds its warnings back until that notice is out. Every
// warning of the run is also repeated, as in the log, at the end of the job summary it writes: a
// person reads the summary instead of the log.
import { cell } from '../text/markdown.js'
import type { Runner } from './runner.js'

export interface HeldWarnings {
  /** The runner, its warnings held back until release(), its summaries ending with the run's warnings. */
  runner: Runner
  /** Prints the warnings held so far, in order; later ones are printed at once. */
  release(): void
}

export function holdWarnings(runner: Runner): HeldWarnings {
  let held: [string, string | undefined][] | undefined = []
  /** Every warning of the run, as the log words it; those a summary already showed are counted. */
  const said: string[] = []
  let shown = 0
  return {
    runner: {
      ...runner,
      warning(text, title) {
        said.push(title ? `${title}: ${text}` : text)
        if (held) held.push([text, title])
        else runner.warning(text, title)
      },
      appendSummary(markdown) {
        const fresh = said.slice(shown)
        shown = said.length
        if (fresh.length === 0) return runner.appendSummary(markdown)
        const list = fresh.map((w) => `- ${cell(w)}`).join('\n')
        return runner.appendSummary(`${markdown.trimEnd()}\n\n**Warnings** (as in the log):\n\n${list}\n`)
      },
    },
    release() {
      const out = held ?? []
      held = undefined
      for (const [text, title] of out) runner.warning(text, title)
    },
  }
}
