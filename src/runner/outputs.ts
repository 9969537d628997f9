// The step's outputs, written through the runner: every one, even after one failed.
import type { Runner } from './runner.js'

/** Writes every output, even after one failed; returns the first trouble ("GITHUB_OUTPUT (path): reason"). */
export function writeOutputs(runner: Pick<Runner, 'setOutput'>, outputs: Record<string, string>): string | undefined {
  let first: string | undefined
  for (const [name, value] of Object.entries(outputs)) first ??= runner.setOutput(name, value)
  return first
}
