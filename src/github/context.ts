// The run's GitHub context, read from the runner's environment and event file. Knows nothing of LiveDesk.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'

export interface GitHubContext {
  serverUrl: string
  apiUrl: string
  repository: string
  workflow: string
  /** The workflow's file name (ci.yml), from GITHUB_WORKFLOW_REF; '' when unknown. */
  workflowFile: string
  job: string
  /** RUNNER_NAME: tells this job apart in the run's job listing. */
  runnerName: string
  runId: string
  runAttempt: string
  runUrl: string
  eventName: string
  ref: string
  refName: string
  /** The branch the run is about: a pull request's head branch, else the ref's name. */
  branch: string
  sha: string
  actor: string
  workspace: string
  /** The webhook payload of the event that started the run ({} when there is none). */
  event: Record<string, unknown>
}

export function readGitHubContext(env: NodeJS.ProcessEnv): GitHubContext {
  // The runner sets every one of these; a local run (npx @github/local-action) may set none.
  const v = (name: string): string => env[name] ?? ''
  const serverUrl = (v('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '')
  const [repository, runId, runAttempt] = [v('GITHUB_REPOSITORY'), v('GITHUB_RUN_ID'), v('GITHUB_RUN_ATTEMPT')]
  return {
    serverUrl,
    apiUrl: (v('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, ''),
    repository,
    workflow: v('GITHUB_WORKFLOW'),
    workflowFile: /\/\.github\/workflows\/([^/@]+)@/.exec(v('GITHUB_WORKFLOW_REF'))?.[1] ?? '',
    job: v('GITHUB_JOB'),
    runnerName: v('RUNNER_NAME'),
    runId,
    runAttempt,
    runUrl:
      repository && runId
        ? `${serverUrl}/${repository}/actions/runs/${runId}${runAttempt ? `/attempts/${runAttempt}` : ''}`
        : '',
    eventName: v('GITHUB_EVENT_NAME'),
    ref: v('GITHUB_REF'),
    refName: v('GITHUB_REF_NAME'),
    branch: branchOf(v('GITHUB_HEAD_REF'), v('GITHUB_REF'), v('GITHUB_REF_NAME')),
    sha: v('GITHUB_SHA'),
    actor: v('GITHUB_ACTOR'),
    workspace: v('GITHUB_WORKSPACE') || process.cwd(),
    event: readEvent(env.GITHUB_EVENT_PATH),
  }
}

/** The branch a run is about: a pull request's head branch, else the branch of the ref, else the ref's name. */
function branchOf(headRef: string, ref: string, refName: string): string {
  return headRef || (ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : '') || refName
}

/** Webhook payloads are at most 25 MB; a larger file, or one that is no regular file (a FIFO), is not read. */
const MAX_EVENT_BYTES = 32 * 1024 * 1024

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {}
  try {
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, and is then refused.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    let text: string
    try {
      const stat = fstatSync(fd)
      if (!stat.isFile() || stat.size > MAX_EVENT_BYTES) return {}
      text = readFileSync(fd, 'utf8')
    } finally {
      closeSync(fd)
    }
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** The github_* custom fields that tell the desk where a ticket came from. Empty values are left out. */
export function contextFields(ctx: GitHubContext): Record<string, string> {
  const fields: Record<string, string> = {
    github_repository: ctx.repository,
    github_workflow: ctx.workflow,
    github_job: ctx.job,
    github_run_id: ctx.runId,
    github_run_attempt: ctx.runAttempt,
    github_run_url: ctx.runUrl,
    github_event: ctx.eventName,
    github_ref: ctx.ref,
    github_sha: ctx.sha,
    github_actor: ctx.actor,
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''))
}

/**
 * Why this is no workflow run whose jobs and runs could be read ("GITHUB_RUN_ID is not set"), or
 * undefined inside one. A local run (npx @github/local-action, node dist/index.js) has none.
 */
export function outsideRun(ctx: GitHubContext): string | undefined {
  const missing = Object.entries({ GITHUB_RUN_ID: ctx.runId, GITHUB_REPOSITORY: ctx.repository })
    .filter(([, value]) => !value)
    .map(([name]) => name)
  return missing.length > 0 ? `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set` : undefined
}
