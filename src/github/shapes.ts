// The shapes of GitHub's answers that the code relies on, checked before anything reads them: a job
// whose name is a number, or a comment without a user, is "an unexpected shape", never a crash.
// In its own chunk with zod: loaded only after a GitHub call answered.
import * as z from 'zod/mini'

const text = z.string()
const step = z.object({ name: text, status: text, conclusion: z.nullable(text), number: z.optional(z.number()) })
const job = z.object({
  id: z.optional(z.number()),
  name: text,
  status: text,
  conclusion: z.nullable(text),
  html_url: z.optional(z.nullable(text)),
  started_at: z.optional(z.nullable(text)),
  completed_at: z.optional(z.nullable(text)),
  steps: z.optional(z.nullable(z.array(step))),
})
// A job as the jobs listings give it; with filter=all, every attempt's jobs, each with its attempt.
const attemptJob = z.object({
  id: z.number(),
  name: text,
  status: text,
  conclusion: z.optional(z.nullable(text)),
  run_attempt: z.optional(z.number()),
  runner_name: z.optional(z.nullable(text)),
  started_at: z.optional(z.nullable(text)),
  completed_at: z.optional(z.nullable(text)),
})
const workflowRun = z.object({
  id: z.number(),
  run_attempt: z.optional(z.number()),
  status: z.nullable(text),
  conclusion: z.nullable(text),
  html_url: z.optional(text),
  /** The event that started the run: push, schedule, pull_request, … */
  event: z.optional(text),
  head_sha: z.optional(text),
  head_branch: z.optional(z.nullable(text)),
  /** When the run's latest attempt last changed: when it ended, for a completed run. */
  updated_at: z.optional(text),
  // Where the run's code came from: this repository, or the fork of a pull request.
  head_repository: z.optional(z.nullable(z.object({ full_name: text }))),
})
// A check run as GET …/commits/{ref}/check-runs lists it: the action's own hold its records.
const checkRun = z.object({
  id: z.number(),
  name: text,
  head_sha: z.optional(text),
  details_url: z.optional(z.nullable(text)),
  external_id: z.optional(z.nullable(text)),
  output: z.optional(
    z.nullable(z.object({ title: z.optional(z.nullable(text)), summary: z.optional(z.nullable(text)) })),
  ),
})
const annotation = z.object({
  annotation_level: z.nullable(text),
  message: z.nullable(text),
  title: z.optional(z.nullable(text)),
})
const comment = z.object({
  id: z.number(),
  body: z.optional(z.nullable(text)),
  user: z.nullable(z.object({ login: text, type: z.optional(text) })),
})

// An issue as the repository's issue list gives it (a pull request is listed too, with pull_request).
const listedIssue = z.object({
  number: z.number(),
  title: text,
  state: text,
  updated_at: text,
  state_reason: z.optional(z.nullable(text)),
  comments: z.optional(z.number()),
  html_url: z.optional(text),
  pull_request: z.optional(z.unknown()),
})

export type Job = z.infer<typeof job>
export type ListedIssue = z.infer<typeof listedIssue>
export type AttemptJob = z.infer<typeof attemptJob>
export type WorkflowRun = z.infer<typeof workflowRun>
export type Annotation = z.infer<typeof annotation>
export type CheckRun = z.infer<typeof checkRun>
export type IssueComment = z.infer<typeof comment>

const WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  null: 'null',
  undefined: 'nothing',
}

function words(value: unknown): string {
  return WORDS[value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value] ?? typeof value
}

/** `items` as T[], or the first place that does not fit, said as "jobs[2].name: expected text, got a number". */
function check<T>(schema: z.ZodMiniType, items: unknown[], what: string): { items: T[] } | { problem: string } {
  const result = z.safeParse(z.array(schema), items)
  if (result.success) return { items: result.data as T[] }
  const issue = result.error.issues[0]
  const where = issue.path.reduce<string>(
    (at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`),
    what,
  )
  const given = issue.path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    items as unknown,
  )
  const expected = issue.code === 'invalid_type' ? (WORDS[issue.expected] ?? issue.expected) : 'something else'
  return { problem: `${where}: expected ${expected}, got ${words(given)}` }
}

export function checkJobs(items: unknown[]): { items: Job[] } | { problem: string } {
  return check<Job>(job, items, 'jobs')
}

export function checkComments(items: unknown[]): { items: IssueComment[] } | { problem: string } {
  return check<IssueComment>(comment, items, 'comments')
}

export function checkAttemptJobs(items: unknown[]): { items: AttemptJob[] } | { problem: string } {
  return check<AttemptJob>(attemptJob, items, 'jobs')
}

export function checkWorkflowRuns(items: unknown[]): { items: WorkflowRun[] } | { problem: string } {
  return check<WorkflowRun>(workflowRun, items, 'workflow_runs')
}

export function checkAnnotations(items: unknown[]): { items: Annotation[] } | { problem: string } {
  return check<Annotation>(annotation, items, 'annotations')
}

export function checkIssues(items: unknown[]): { items: ListedIssue[] } | { problem: string } {
  return check<ListedIssue>(listedIssue, items, 'issues')
}

export function checkCheckRuns(items: unknown[]): { items: CheckRun[] } | { problem: string } {
  return check<CheckRun>(checkRun, items, 'check_runs')
}
