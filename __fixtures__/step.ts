// One set of behaviour tests, two executors. runStep() runs the step in this process (run() with the
// real runner, __fixtures__/in-process.ts) in milliseconds; with RUN_BUNDLE or ACTION_BUNDLE set it
// runs the bundle as the runner does (__fixtures__/run-action.mjs), so the same tests hold the build:
//   RUN_BUNDLE=1                          dist/index.js on this Node
//   RUN_BUNDLE=/path/to/node              dist/index.js on that Node
//   ACTION_BUNDLE=/old/dist/index.js      another build (say, the one before a fix), on this Node
import { expect } from '@jest/globals'
import { resolve } from 'node:path'
import { runAction, type RunOptions, type RunResult } from './run-action.mjs'
import { runInProcess } from './in-process.js'

export type { RunOptions, RunResult }

/** The Node binary the bundle runs on, or undefined: the step runs in this process. */
export function bundleNode(): string | undefined {
  const wanted = process.env.RUN_BUNDLE
  if (wanted && wanted !== '0') return wanted === '1' || wanted === 'true' ? process.execPath : resolve(wanted)
  return process.env.ACTION_BUNDLE ? process.execPath : undefined
}

/** Which executor runStep() uses, for a describe() title. */
export const executor = (): string => (bundleNode() ? `the bundle on ${bundleNode()}` : 'in-process')

/** The step, in-process by default or as the bundle (see the top of this file). */
export async function runStep(options: RunOptions = {}): Promise<RunResult> {
  const node = bundleNode()
  if (node) return runAction({ ...options, node })
  const result = await runInProcess(options)
  // A timer of src/ still pending after run() would hold the runner's step (and jest) open.
  expect(result.pendingTimers).toEqual([])
  return result
}
