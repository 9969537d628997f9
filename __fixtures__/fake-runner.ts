// A fake runner for in-process runs of src/main.ts's run(): the inputs the runner would pass (the
// step's `with:` over action.yml's defaults), and everything the run writes, kept for assertions.
import { actionInputs } from './run-action.mjs'
import type { Runner } from '../src/runner/runner.js'

export interface FakeRunner extends Runner {
  /** Every log line, annotations as "::warning title=…::text" like the runner's log. */
  log: string[]
  outputs: Record<string, string>
  summary: string[]
  secrets: string[]
  exitCode?: number
}

export function fakeRunner(inputs: Record<string, string>, githubToken = ''): FakeRunner {
  const declared = actionInputs() as Record<string, { default?: string }>
  const value = (name: string): string => {
    const given = inputs[name] ?? declared[name]?.default ?? ''
    return (given === '${{ github.token }}' ? githubToken : String(given)).trim()
  }
  const runner: FakeRunner = {
    log: [],
    outputs: {},
    summary: [],
    secrets: [],
    getInput: value,
    getBooleanInput(name) {
      const v = value(name)
      if (['true', 'True', 'TRUE'].includes(v)) return true
      if (['false', 'False', 'FALSE'].includes(v)) return false
      throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}`)
    },
    setSecret: (s) => void runner.secrets.push(s),
    setOutput(name, v) {
      runner.outputs[name] = v
      return undefined
    },
    info: (text) => void runner.log.push(text),
    debug: (text) => void runner.log.push(`::debug::${text}`),
    notice: (text, title) => void runner.log.push(`::notice${title ? ` title=${title}` : ''}::${text}`),
    warning: (text, title) => void runner.log.push(`::warning${title ? ` title=${title}` : ''}::${text}`),
    fail(text, title) {
      runner.log.push(`::error${title ? ` title=${title}` : ''}::${text}`)
      runner.exitCode = 1
    },
    async group(name, fn) {
      runner.log.push(`::group::${name}`)
      try {
        return await fn()
      } finally {
        runner.log.push('::endgroup::')
      }
    },
    async appendSummary(markdown) {
      runner.summary.push(markdown)
      return undefined
    },
    redact: (text) => text,
  }
  return runner
}
