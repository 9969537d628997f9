export const ROOT: string
export const BUNDLE: string

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  event?: { name: string; payload: object }
  githubToken?: string
  node?: string
  workspace?: string
  timeoutMs?: number
  keep?: boolean
  /** Measure the child's CPU time (user + system) into RunResult.cpuMs. */
  cpu?: boolean
}

export interface RunResult {
  code: number | string | null
  stdout: string
  stderr: string
  durationMs: number
  outputs: Record<string, string>
  summary: string
  visibleLog: string
  dir: string
  cpuMs?: number
  /** With cpu: the child's peak resident set size (KiB). */
  rssKiB?: number
}

export function actionInputs(): Record<string, { description: string; required?: boolean; default?: string }>
export function runnerEnv(options: {
  dir: string
  workspace?: string
  eventName?: string
  inputs?: Record<string, string>
  githubToken?: string
  env?: Record<string, string>
}): Record<string, string>
/** A step's directory and environment, the runner's files in it written. */
export function prepareRun(options: RunOptions): { dir: string; env: Record<string, string> }
/** What a step left once it ended, read from `dir` (files the options pointed elsewhere are not read). */
export function readBack(
  env: Record<string, string>,
  dir: string,
  stdout: string,
  stderr: string,
): Omit<RunResult, 'code' | 'durationMs'>
export function runAction(options?: RunOptions): Promise<RunResult>
export function parseOutputs(text: string): Record<string, string>
