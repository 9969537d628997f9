export const BUNDLE: string
export const ROOT: string
export const FLOOR: string

export interface TimedRun {
  ms: number
  cpuMs: number
  rssKiB: number
  code: number | string | null
  stdout: string
  stderr: string
  githubCalls?: number
}

export interface Scenario {
  name: string
  dir: string
  env: Record<string, string>
  bodyBytes: number
}

export interface RunStats {
  runs: number
  medianMs: number
  minMs: number
  maxMs: number
  medianCpuMs: number
  medianRssKiB: number
  maxRssKiB: number
}

export interface FarDistances {
  /** LiveDesk's round trip, ms. */
  deskMs: number
  /** GitHub's API's (and its log storage's) round trip, ms. */
  githubMs: number
}

export interface Bench {
  desk: import('./livedesk-stand-in.mjs').LiveDeskStandIn
  /** Where the action finds LiveDesk: the stand-in, or its far front. */
  deskUrl: string
  /** The distances of a far bench. */
  far?: FarDistances
  /** The Node binary every run of this bench uses. */
  node: string
  work: string
  scenario(name: string, inputs: Record<string, string>): Scenario
  runAction(
    s: Scenario,
    options?: {
      bundle?: string
      nodeFlags?: string[]
      extraEnv?: Record<string, string>
      probe?: boolean
      /** The run sends LiveDesk nothing and ends with status waiting (open_after), instead of opening the ticket. */
      waits?: boolean
    },
  ): Promise<TimedRun>
  runFloor(s: Scenario, options?: { nodeFlags?: string[]; probe?: boolean }): Promise<TimedRun>
  timed(args: string[], env: Record<string, string>, options?: { probe?: boolean }): Promise<TimedRun>
  loadedFiles(s: Scenario, dir: string, bundle?: string): Promise<{ name: string; bytes: number }[]>
  close(): Promise<void>
}

export function quickStartInputs(baseUrl: string): Record<string, string>
export function manyFields(count: number): string
export function logText(bytes: number): string
export function startBench(options?: { node?: string; far?: FarDistances }): Promise<Bench>
export function timed(
  args: string[],
  env: Record<string, string>,
  options?: { probe?: boolean; node?: string },
): Promise<TimedRun>
export function stats(runs: TimedRun[]): RunStats
export function median(values: number[]): number
export function round(value: number, digits: number): number
