// The step in this process: run() from src/main.ts with the real runner (createRunner(), so
// @actions/core: masks, redaction, stop-commands, the toolkit's command escaping), given what the
// runner gives a step (prepareRun() of __fixtures__/run-action.mjs: INPUT_*, GITHUB_* and the event, output
// and summary files) and answering with runAction()'s RunResult. What a step owns in a process
// (process.env, stdout and stderr, the exit code, the working directory, core.summary's cached file)
// is swapped in for the call and put back after, so one run at a time: jest runs a file's tests in
// order, and a second run while one is under way is refused.
import * as core from '@actions/core'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { prepareRun, readBack, ROOT, type RunOptions, type RunResult } from './run-action.mjs'
import { run } from '../src/main.js'

/** Why the last run could not hand the process back (it did not end in time): every later run refuses. */
let busy: string | undefined

/** core.summary caches the summary file's path and buffers text: each run starts from none. */
function resetSummary(): void {
  ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
  core.summary.emptyBuffer()
}

interface Captured {
  stdout: string
  stderr: string
  restore(): void
}

/** What the run writes to stdout and stderr, kept instead of printed. */
function capture(): Captured {
  const out = process.stdout.write
  const err = process.stderr.write
  const captured: Captured = {
    stdout: '',
    stderr: '',
    restore() {
      process.stdout.write = out
      process.stderr.write = err
    },
  }
  const into =
    (stream: 'stdout' | 'stderr') =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined
      done?.()
      return true
    }
  process.stdout.write = into('stdout') as typeof process.stdout.write
  process.stderr.write = into('stderr') as typeof process.stderr.write
  return captured
}

type Timer = NodeJS.Timeout & { _destroyed?: boolean }

/**
 * The timers src/ starts during the run. One still pending and ref'd when run() is over would hold a
 * real step open (up to src/index.ts's 1 s guard) and jest too: the harness reports it.
 */
function watchTimers(): { pending(): string[]; restore(): void } {
  const original = globalThis.setTimeout
  const own = `${join(ROOT, 'src')}/`
  const started: { timer: Timer; where: string }[] = []
  const wrapped = ((...args: Parameters<typeof setTimeout>) => {
    const timer = original(...args) as Timer
    const where = new Error().stack?.split('\n').find((line) => line.includes(own))
    if (where) started.push({ timer, where: where.trim() })
    return timer
  }) as typeof setTimeout
  globalThis.setTimeout = Object.assign(wrapped, original)
  return {
    pending: () => started.filter(({ timer }) => !timer._destroyed && timer.hasRef()).map(({ where }) => where),
    restore: () => void (globalThis.setTimeout = original),
  }
}

/** run() as src/index.ts calls it: a failure to report is exit code 1 and one line on stderr. */
async function runAsIndexDoes(): Promise<void> {
  try {
    await run()
  } catch (err) {
    process.exitCode = 1
    process.stderr.write(`LiveDesk ticket action: ${err instanceof Error ? err.message : String(err)}\n`)
  }
}

/** Resolves with the run, or rejects after `ms`; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the in-process run did not end within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}

interface Swapped {
  timers: ReturnType<typeof watchTimers>
  output: Captured
  /** Puts back what the step was lent: the environment, streams, exit code, directory, summary. */
  giveBack(): void
}

/** Lends the process to the step: its environment, a fresh exit code and summary, its directory, captured output. */
function swapIn(env: Record<string, string>, cwd: string): Swapped {
  const saved = { env: process.env, exitCode: process.exitCode, cwd: process.cwd() }
  const undo: (() => void)[] = []
  const giveBack = (): void => {
    for (const step of undo.reverse()) step()
    undo.length = 0
  }
  try {
    process.env = { ...env }
    process.exitCode = undefined
    undo.push(() => {
      process.env = saved.env
      process.exitCode = saved.exitCode
    })
    process.chdir(cwd)
    undo.push(() => process.chdir(saved.cwd))
    resetSummary()
    undo.push(resetSummary)
    const timers = watchTimers()
    undo.push(timers.restore)
    const output = capture()
    undo.push(output.restore)
    return { timers, output, giveBack }
  } catch (err) {
    giveBack()
    throw err
  }
}

/** The step, run in this process; the same options and result as runAction() (`node` is the bundle's). */
export async function runInProcess(options: RunOptions = {}): Promise<RunResult & { pendingTimers: string[] }> {
  if (busy) throw new Error(`runInProcess: ${busy}; runs are one at a time.`)
  busy = 'a run is under way'
  let dir: string
  let env: Record<string, string>
  let swapped: Swapped
  try {
    ;({ dir, env } = prepareRun(options))
    swapped = swapIn(env, options.workspace ?? dir)
  } catch (err) {
    busy = undefined
    throw err
  }
  const cpuBefore = process.cpuUsage()
  const started = process.hrtime.bigint()
  const running = runAsIndexDoes()
  try {
    await within(running, options.timeoutMs ?? 60_000)
  } catch (err) {
    // The run still holds the process's globals: they are given back when it ends, and no run starts before.
    busy = 'a run before did not end'
    void running.finally(() => {
      swapped.giveBack()
      busy = undefined
    })
    throw err
  }
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6
  const cpu = process.cpuUsage(cpuBefore)
  await new Promise((resolve) => setImmediate(resolve))
  const pendingTimers = swapped.timers.pending()
  const code = Number(process.exitCode ?? 0)
  swapped.giveBack()
  busy = undefined

  const result = {
    code,
    durationMs,
    ...readBack(env, dir, swapped.output.stdout, swapped.output.stderr),
    // The CPU of this process over the run: the stand-ins answering on 127.0.0.1 included.
    cpuMs: options.cpu ? (cpu.user + cpu.system) / 1000 : undefined,
    pendingTimers,
  }
  if (!options.keep) rmSync(dir, { recursive: true, force: true })
  return result
}
