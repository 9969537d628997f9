// description_file and template naming a file that is not a regular file: the cases, a workspace
// that holds them, and the refusal expected (by name, at once, before anything is sent).
import { expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunOptions, RunResult } from './run-action.mjs'
import { errorLines, STACK } from './step-log.js'

/** [what, path, kind]. A named pipe and /dev/stdin only in a process of the step's own: see notRegularFiles. */
const CASES: Record<'in-process' | 'own process', [string, string, string][]> = {
  'in-process': [
    ['a character device', '/dev/zero', 'a device'],
    ['a folder', 'logs', 'a folder'],
  ],
  'own process': [
    ['a named pipe (FIFO)', 'build.fifo', 'a named pipe'],
    // The step's stdin: the runner's, here what runAction() gives the child (nothing).
    ['the terminal-like /dev/stdin', '/dev/stdin', 'not a regular file'],
  ],
}

/**
 * [input, what, path, kind]: description_file and template, each naming every case. /dev/stdin is the
 * step's own, and an open that waited on a named pipe would hold the process: those two run in a
 * process of the step's own (the bundle), not in jest's.
 */
export function notRegularFiles(where: 'in-process' | 'own process'): [string, string, string, string][] {
  return ['description_file', 'template'].flatMap((input) =>
    CASES[where].map(([what, path, kind]): [string, string, string, string] => [input, what, path, kind]),
  )
}

/**
 * One test a case of notRegularFiles(where): the step, run by `run` in a workspace that holds the
 * case, refuses the file by name, at once (expectNotRegularFile).
 */
export function itRefusesNotRegularFiles(
  where: 'in-process' | 'own process',
  {
    desk,
    run,
  }: {
    desk: { requests: unknown[] }
    run: (inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'>) => Promise<RunResult>
  },
): void {
  const workspace = specialFilesWorkspace()
  it.each(notRegularFiles(where))('%s: %s', async (input, _what, path, kind) => {
    const result = await run({ [input]: path }, { workspace, timeoutMs: 15_000 })
    expectNotRegularFile(result, { desk, input, path, kind })
  })
}

/** A workspace holding the cases' relative paths: logs/ (a folder) and build.fifo (a named pipe). */
export function specialFilesWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
  mkdirSync(join(workspace, 'logs'))
  execFileSync('mkfifo', [join(workspace, 'build.fifo')])
  return workspace
}

/**
 * `input` named `path`, which is not a regular file but `kind`: the step failed at once with one error
 * naming both, sent `desk` nothing, and showed no stack trace.
 */
export function expectNotRegularFile(
  result: RunResult,
  { desk, input, path, kind }: { desk: { requests: unknown[] }; input: string; path: string; kind: string },
): void {
  expect(result.code).toBe(1)
  expect(result.durationMs).toBeLessThan(5_000)
  expect(desk.requests).toHaveLength(0)
  expect(errorLines(result)).toHaveLength(1)
  expect(errorLines(result)[0]).toContain(`${input}: "${path}" is not a regular file`)
  expect(errorLines(result)[0]).toContain(kind)
  expect(result.visibleLog).not.toMatch(STACK)
}
