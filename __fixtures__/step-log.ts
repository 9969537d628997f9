// A step's log as the run's page shows it (RunResult.visibleLog): its ::error lines, and whether a
// stack trace got into it.
import type { RunResult } from './run-action.mjs'

/** A line of a stack trace: "    at f (file:1:2)" or "    at file:1:2". */
export const STACK = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at [^\s]+:\d+:\d+$/m

export const errorLines = (r: RunResult): string[] => r.visibleLog.split('\n').filter((l) => l.startsWith('::error'))
