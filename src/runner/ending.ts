// How a failed run ends at the runner, whatever failed: the status output, the job summary (or, when
// it cannot be written, the same text in the log: nothing is lost), then the one error line, or a
// warning when fail_on_error is false. The words are the caller's.
import { writeOutputs } from './outputs.js'
import type { Runner } from './runner.js'

export interface Failure {
  reason: string
  /** The annotation's title. */
  title: string
  /** The job summary's text, when the failure has one. */
  summary?: string
  failOnError: boolean
}

/** Returns the exit code: 1, or 0 when fail_on_error is false. */
export async function endFailed(runner: Runner, failure: Failure): Promise<number> {
  // The outputs' warning first: the summary lists every warning of the run.
  const outputsTrouble = writeOutputs(runner, { status: 'failed' })
  if (outputsTrouble) {
    runner.warning(
      `The step's outputs could not be written to ${outputsTrouble}; later steps cannot read status.`,
      'LiveDesk ticket: outputs not written',
    )
  }
  if (failure.summary) {
    const trouble = await runner.appendSummary(failure.summary)
    if (trouble) {
      runner.warning(
        `The job summary could not be written to ${trouble}; what it would hold follows in this log.`,
        'LiveDesk ticket: summary not written',
      )
      const summary = failure.summary
      await runner.group('The job summary that could not be written', async () => runner.info(summary))
    }
  }
  if (!failure.failOnError) {
    runner.warning(`${failure.reason} (fail_on_error is false, so the step passes.)`, failure.title)
    return 0
  }
  runner.fail(failure.reason, failure.title)
  return 1
}
