// A run: inputs → plan → execute → report. Each arrow is a folder of src/; this file only strings
// them together, and is the one place an error of any kind becomes a failure report.
import { carryOut } from './execute/execute.js'
import { makePlan, type RunRecord } from './plan/plan.js'
import { reportFailure, reportOutcome } from './report/report.js'
import { holdWarnings } from './runner/held-warnings.js'
import { createRunner, type Runner } from './runner/runner.js'

/**
 * Runs the action; returns the exit code (and sets it on the process through the runner). Callable
 * with no arguments, as GitHub's @github/local-action calls it; tests pass a fake runner and
 * environment. Importing this module does nothing.
 */
export async function run(runner: Runner = createRunner(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const record: RunRecord = {}
  // The notice with the memory's record goes out before the run's warnings (GitHub keeps 50 annotations a job).
  const held = holdWarnings(runner)
  try {
    const plan = await makePlan(held.runner, env, record)
    const done = await carryOut(plan, held.runner, record)
    held.release()
    return await reportOutcome(runner, done)
  } catch (err) {
    held.release()
    try {
      return await reportFailure(runner, err, record)
    } catch (again) {
      // The last guard: whatever happened, one ::error:: line and no stack trace.
      runner.fail(
        `Unexpected error: ${again instanceof Error ? again.message : String(again)}`,
        'LiveDesk ticket action failed',
      )
      return 1
    }
  }
}
