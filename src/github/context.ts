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
  /** The run a ticket is about: this run, or, for a reporter on `workflow_run`, the run that triggered it. */
  reported: ReportedRun
}

/** A run as a ticket names it: its jobs are read, its links given, its memory keyed by it. */
export interface ReportedRun {
  runId: string
  runAttempt: string
  runUrl: string
  workflow: string
  /** The workflow's file name (ci.yml); '' when unknown. */
  workflowFile: string
  /** The workflow's numeric id, when the event names it (a reporter's): a dynamic workflow has no file to list its runs by. */
  workflowId?: number
  /** The branch the run is about ('' when GitHub names none). */
  branch: string
  /** The branch or tag name the run was on, as GitHub names it (GITHUB_REF_NAME; a reported run's head_branch). */
  refName: string
  sha: string
  actor: string
  eventName: string
  ref: string
  /**
   * Set for the run a `workflow_run` reporter reports on: how it ended, and its display title (the
   * commit message or pull request title). Its branch and title are written by whoever pushed or
   * opened the pull request (a fork's author, say): text, never to be obeyed or linked.
   */
  triggering?: { conclusion: string; title: string; fromFork: boolean; headRepository: string }
}

export function readGitHubContext(env: NodeJS.ProcessEnv): GitHubContext {
  // The runner sets every one of these; a local run (npx @github/local-action) may set none.
  const v = (name: string): string => env[name] ?? ''
  const serverUrl = (v('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '')
  const [repository, runId, runAttempt] = [v('GITHUB_REPOSITORY'), v('GITHUB_RUN_ID'), v('GITHUB_RUN_ATTEMPT')]
  const own: ReportedRun = {
    runId,
    runAttempt,
    runUrl:
      repository && runId
        ? `${serverUrl}/${repository}/actions/runs/${runId}${runAttempt ? `/attempts/${runAttempt}` : ''}`
        : '',
    workflow: v('GITHUB_WORKFLOW'),
    workflowFile: /\/\.github\/workflows\/([^/@]+)@/.exec(v('GITHUB_WORKFLOW_REF'))?.[1] ?? '',
    branch: branchOf(v('GITHUB_HEAD_REF'), v('GITHUB_REF'), v('GITHUB_REF_NAME')),
    refName: v('GITHUB_REF_NAME'),
    sha: v('GITHUB_SHA'),
    actor: v('GITHUB_ACTOR'),
    eventName: v('GITHUB_EVENT_NAME'),
    ref: v('GITHUB_REF'),
  }
  const event = readEvent(env.GITHUB_EVENT_PATH)
  const triggering =
    own.eventName === 'workflow_run' ? triggeringRun(event.workflow_run, serverUrl, repository) : undefined
  return {
    ...own,
    serverUrl,
    apiUrl: (v('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, ''),
    repository,
    job: v('GITHUB_JOB'),
    runnerName: v('RUNNER_NAME'),
    workspace: v('GITHUB_WORKSPACE') || process.cwd(),
    event,
    reported: triggering ?? own,
  }
}

/** The branch a run is on as its memory and messages name it: a fork's as "owner/name:branch", not this repository's. */
export function branchName(run: Pick<ReportedRun, 'branch' | 'triggering'>): string {
  return run.triggering?.fromFork ? `${run.triggering.headRepository}:${run.branch}` : run.branch
}

/** The branch a run is about: a pull request's head branch, else the branch of the ref, else the ref's name. */
function branchOf(headRef: string, ref: string, refName: string): string {
  return headRef || (ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : '') || refName
}

/**
 * The run that triggered a `workflow_run` event, from the event's `workflow_run` (GitHub's webhook
 * payload: id, run_attempt, workflow_id, name, path, head_branch, head_sha, event, actor, conclusion,
 * display_title, head_repository; name and head_branch may be null); undefined when the payload has
 * no such run.
 */
function triggeringRun(run: unknown, serverUrl: string, repository: string): ReportedRun | undefined {
  if (!isRecord(run) || !isWholeNumber(run.id)) return undefined
  const text = (value: unknown): string =>
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
  const runId = String(run.id)
  // Numbers in GitHub's payload; anything else would go into links and request paths as written.
  const runAttempt = isWholeNumber(run.run_attempt) ? String(run.run_attempt) : '1'
  // A pull request's run whose head repository GitHub sends as null came from a fork since deleted:
  // still a fork's, never this repository's branch of the same name.
  const pullRequest = /^pull_request/.test(text(run.event))
  const head =
    (isRecord(run.head_repository) ? text(run.head_repository.full_name) : '') || (pullRequest ? DELETED_FORK : '')
  const actor = isRecord(run.triggering_actor) ? run.triggering_actor : isRecord(run.actor) ? run.actor : {}
  const commit = isRecord(run.head_commit) ? text(run.head_commit.message) : ''
  const branch = text(run.head_branch)
  const fromFork = head !== '' && head !== repository
  return {
    runId,
    runAttempt,
    runUrl: repository ? `${serverUrl}/${repository}/actions/runs/${runId}/attempts/${runAttempt}` : text(run.html_url),
    workflow: text(run.name),
    // ".github/workflows/ci.yml" in the webhook, "….yml@main" in the REST API; the id when neither is there.
    workflowFile: /([^/@]+)(?:@.*)?$/.exec(text(run.path))?.[1] ?? text(run.workflow_id),
    ...(isWholeNumber(run.workflow_id) ? { workflowId: run.workflow_id } : {}),
    branch,
    // head_branch holds a branch's name or a tag's, and nothing tells which: the ref itself is unknown.
    // A fork's branch is no ref of this repository.
    refName: fromFork ? '' : branch,
    sha: text(run.head_sha),
    actor: text(actor.login),
    eventName: text(run.event),
    ref: '',
    triggering: {
      conclusion: text(run.conclusion),
      title: text(run.display_title) || commit.split('\n')[0],
      fromFork,
      headRepository: head,
    },
  }
}

/** The head repository of a pull request from a fork that no longer exists. */
const DELETED_FORK = '(a deleted fork)'

function isWholeNumber(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
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
  const run = ctx.reported
  const fields: Record<string, string> = {
    github_repository: ctx.repository,
    github_workflow: run.workflow,
    // A reporter's job is not the failed run's: the failed jobs say which failed.
    github_job: run.triggering ? '' : ctx.job,
    github_run_id: run.runId,
    github_run_attempt: run.runAttempt,
    github_run_url: run.runUrl,
    github_event: run.eventName,
    github_ref: run.ref,
    github_ref_name: run.refName,
    github_sha: run.sha,
    github_actor: run.actor,
    // The run that reported it, when that is another run (a workflow_run reporter).
    github_reporter_run_url: run.triggering ? ctx.runUrl : '',
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
