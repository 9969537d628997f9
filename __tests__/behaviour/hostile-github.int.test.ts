// GitHub answers of the wrong shape (runStep(): in-process, or the bundle with RUN_BUNDLE=1): every answer is checked for the shape the
// code relies on; a wrong one is a warning that says so, and the ticket opens (the issue mirror keeps
// its rule: only an issue's first event may open a ticket without having read its comments).
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { mirrorStep } from '../../__fixtures__/readme-steps.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()

const STACK = /^\s+at .+:\d+:\d+\)?$/m

function failureStep(): Promise<RunResult> {
  return runStep({
    inputs: deskInputs(desk, {
      requester_euid: 'contact_12345',
      title: 'Build failed on main',
    }),
    env: { GITHUB_API_URL: github.url },
    githubToken: github.token,
  })
}

function expectTicketAndWarning(result: RunResult, shape: string): void {
  expect(result.code).toBe(0)
  expect(desk.creates()).toHaveLength(1)
  expect(desk.creates()[0].body.description ?? '').not.toContain('### Failed jobs')
  expect(result.visibleLog).toMatch(
    /^::warning title=LiveDesk ticket%3A failed jobs not listed::The failed jobs could not be read \(GitHub answered with an unexpected shape \(/m,
  )
  expect(result.visibleLog).toContain(shape)
  expect(result.visibleLog).not.toContain('Unexpected error')
  expect(result.visibleLog).not.toMatch(STACK)
}

describe('a jobs listing of the wrong shape: a warning, and the ticket opens without the section', () => {
  it.each([
    [
      'a job name that is a number',
      (jobs: Record<string, unknown>[]) => (jobs[1].name = 42),
      'jobs[1].name: expected text, got a number',
    ],
    [
      'a job name that is null',
      (jobs: Record<string, unknown>[]) => (jobs[1].name = null),
      'jobs[1].name: expected text, got null',
    ],
    [
      'a job name that is an object',
      (jobs: Record<string, unknown>[]) => (jobs[1].name = { en: 'x' }),
      'jobs[1].name: expected text, got an object',
    ],
    [
      'a job name that is a list',
      (jobs: Record<string, unknown>[]) => (jobs[0].name = ['x']),
      'jobs[0].name: expected text, got a list',
    ],
    [
      'a step name that is a number',
      (jobs: Record<string, unknown>[]) => ((jobs[2].steps as Record<string, unknown>[])[1].name = 7),
      'jobs[2].steps[1].name: expected text, got a number',
    ],
    [
      'steps that are text',
      (jobs: Record<string, unknown>[]) => (jobs[1].steps = 'many'),
      'jobs[1].steps: expected a list, got text',
    ],
    [
      'a step that is a number',
      (jobs: Record<string, unknown>[]) => (jobs[2].steps = [1]),
      'jobs[2].steps[0]: expected an object, got a number',
    ],
    [
      'a conclusion that is a number',
      (jobs: Record<string, unknown>[]) => (jobs[1].conclusion = 1),
      'jobs[1].conclusion: expected text, got a number',
    ],
    [
      'a status that is missing',
      (jobs: Record<string, unknown>[]) => delete jobs[1].status,
      'jobs[1].status: expected text, got nothing',
    ],
    [
      'an html_url that is an object',
      (jobs: Record<string, unknown>[]) => (jobs[1].html_url = {}),
      'jobs[1].html_url: expected text, got an object',
    ],
    ['a job that is text', (jobs: unknown[]) => (jobs[1] = 'job'), 'jobs[1]: expected an object, got text'],
  ])('%s', async (_what, spoil, shape) => {
    const jobs = failedRunJobs()
    spoil(jobs)
    github.state.jobs = jobs
    expectTicketAndWarning(await failureStep(), shape)
  })

  it.each([
    ['jobs that are text', JSON.stringify({ total_count: 1, jobs: 'none' })],
    ['a list instead of an object', JSON.stringify([{ name: 'build' }])],
    ['a string', JSON.stringify('oops')],
    ['null', 'null'],
    ['a number', '7'],
    ['no JSON at all', 'oops, not JSON'],
  ])('a whole answer that is %s', async (_what, body) => {
    github.state.bodies.set('jobs', body)
    expectTicketAndWarning(await failureStep(), '')
  })
})

describe('issue comments of the wrong shape, in the issue mirror', () => {
  const spoiled: [string, Record<string, unknown>][] = [
    ['a body that is a number', { id: 1, body: 5, user: { login: 'github-actions[bot]' } }],
    ['a user that is text', { id: 1, body: 'hi', user: 'github-actions[bot]' }],
    ['a login that is a number', { id: 1, body: 'hi', user: { login: 9 } }],
    ['an id that is text', { id: 'one', body: 'hi', user: { login: 'octocat' } }],
  ]
  const mirror = (action: 'opened' | 'edited'): Promise<RunResult> => runStep(mirrorStep({ desk, github }, action))

  it.each(spoiled)("%s, on the issue's first event: a warning, and its ticket opens", async (_what, comment) => {
    github.state.comments.set(1, [comment])
    const result = await mirror('opened')
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(1)
    expect(result.visibleLog).toContain(
      'its comments could not be read (GitHub answered with an unexpected shape (comments[0].',
    )
    expect(result.visibleLog).not.toMatch(STACK)
  })

  it.each(spoiled)('%s, on a later event: a clear failure, and no second ticket', async (_what, comment) => {
    github.state.comments.set(1, [comment])
    const result = await mirror('edited')
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(result.visibleLog).toMatch(
      /^::error title=LiveDesk ticket not opened::Issue #1 may already have a LiveDesk ticket, but its comments could not be read \(GitHub answered with an unexpected shape \(comments\[0\]\./m,
    )
    expect(result.visibleLog).not.toMatch(STACK)
  })
})
