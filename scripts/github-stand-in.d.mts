import type { IncomingHttpHeaders } from 'node:http'

export interface GitHubRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as GitHub received it
  body: any
}

export interface StandInComment {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- comments of any shape, for the hostile tests
  [key: string]: any
}

export type Route =
  | 'jobs'
  | 'job-logs'
  | 'run-jobs'
  | 'workflow-runs'
  | 'annotations'
  | 'issue'
  | 'list-comments'
  | 'create-comment'
  | 'user'
  | 'list-issues'
  | 'add-labels'
  | 'update-issue'
  | 'create-check-run'
  | 'check-runs'

export interface StandInJob {
  id: number
  name: string
  status: string
  conclusion: string | null
  run_attempt: number
  runner_name?: string | null
  html_url?: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any other field, as the API has
  [key: string]: any
}

export interface StandInRun {
  id: number
  run_attempt: number
  status: string
  conclusion: string | null
  head_branch: string
  /** Where the run's code came from: this repository, or the fork of a pull request. */
  head_repository?: { full_name: string }
  /** The workflow file the run is listed for (any, when unset). */
  workflow?: string
  /** The workflow's id the run is listed for (any, when unset). */
  workflow_id?: number
  /** The event that started the run. */
  event?: string
  head_sha?: string
  /** When the run's latest attempt last changed. */
  updated_at?: string
  html_url?: string
}

export interface StandInCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  details_url: string | null
  output: { title: string | null; summary: string | null }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any other field, as the API has
  [key: string]: any
}

export interface StandInAnnotation {
  annotation_level: string
  message: string
  title?: string
}

/** A status, 'hang' (never answers), 'reset' (closed before an answer), or an answer given `times` times. */
export type Fault =
  | number
  | 'hang'
  | 'reset'
  | {
      status: number | 'hang' | 'reset' | 'slow'
      headers?: Record<string, string>
      message?: string
      times?: number
      after?: number
      delayMs?: number
    }

export interface GitHubStandIn {
  url: string
  token: string
  requests: GitHubRequest[]
  state: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jobs as the API returns them
    jobs: any[]
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- issues as the API returns them
    issues: Map<number, any>
    comments: Map<number, StandInComment[]>
    commentAuthor: { login: string; type?: string }
    userLogin: string | undefined
    faults: Map<Route, Fault>
    /** A job's log text by job id, as its storage answers it. */
    logTexts: Map<number, string>
    /** Raw 200 JSON answers by route, whatever their shape. */
    bodies: Map<Route, string>
    runJobs: Map<number, StandInJob[]>
    workflowRuns: StandInRun[]
    annotations: Map<number, StandInAnnotation[]>
    /** Where a job's log request redirects, by job id. */
    logs: Map<number, string>
    logRequests: { job: number; authorization: string | undefined; range: string | undefined }[]
    labelsAdded: { issue: number; labels: string[] }[]
    /** The time (ms) of the last issue update; each write moves it on by one second. */
    clock: number
    /** The longest comment body taken (String.length); longer ones get GitHub's 422. */
    commentLimit: number
    /** Check runs created through the API, oldest first. */
    checkRuns: StandInCheckRun[]
  }
  reset(): void
  close(): Promise<void>
}

/** GitHub's limit on an issue comment: 65,536 characters. */
export const GITHUB_COMMENT_LIMIT: number

export function startGitHubStandIn(options?: { token?: string }): Promise<GitHubStandIn>
