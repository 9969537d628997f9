// Build failure: the step (runStep(): in-process, or the bundle with RUN_BUNDLE=1) reads the run's jobs
// from a GitHub API stand-in and lists the failed ones in the ticket it opens on the LiveDesk stand-in.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunOptions } from '../../__fixtures__/step.js'
import { failedRunJobs, passingJobs } from '../../__fixtures__/run-jobs.js'
import { failureStep } from '../../__fixtures__/readme-steps.js'
import { failedJobsField, failedJobsSection, findFailedJobs } from '../../src/recipes/build-failure.js'
import type { Job } from '../../src/github/shapes.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()

// The example workflow's step: nothing about jobs is configured. Tests add inputs or run options.
const step = (inputs: Record<string, string> = {}, options: Omit<RunOptions, 'inputs'> = {}) =>
  runStep(failureStep({ desk, github }, { priority: 'high', ...inputs }, options))

describe('failed_jobs: auto, end to end', () => {
  it('lists the failed jobs with links and failed steps, the running job included, and sets github_failed_jobs', async () => {
    github.state.jobs = failedRunJobs()
    const result = await step()
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')

    const [jobsCall] = github.requests
    expect(jobsCall.path).toBe(
      '/repos/octo-org/checkout-service/actions/runs/1658821493/attempts/1/jobs?per_page=100&page=1',
    )
    expect(jobsCall.headers.authorization).toBe(`token ${github.token}`)

    const body = desk.creates()[0].body
    expect(body.description).toBe(
      [
        '### Failed jobs',
        '',
        '- [linters](https://github.com/octo-org/checkout-service/actions/runs/1658821493/job/101) — failed steps: `Run yarn run format-check`',
        '',
        '  ```text',
        '  Run npm test',
        '  npm test failed',
        '  Error: Process completed with exit code 1.',
        '  ```',
        '',
        '- [build (ubuntu-latest, 20)](https://github.com/octo-org/checkout-service/actions/runs/1658821493/job/103) (still running) — failed steps: `Run npm run build`',
      ].join('\n'),
    )
    expect(body.custom_fields.github_failed_jobs).toBe(
      'linters: Run yarn run format-check; build (ubuntu-latest, 20): Run npm run build',
    )
    expect(result.visibleLog).toContain('Listed 2 failed jobs in the ticket.')
    expect(result.visibleLog).not.toContain(github.token)
  })

  // A job past its timeout-minutes ends cancelled, with GitHub's annotation on its check run (workflow
  // syntax: "before GitHub automatically cancels it"); a report job with `if: failure() || cancelled()`
  // after it reads it so (see docs/build-failures.md, "Timeouts"). A cancelled job without it was cancelled by someone.
  it('a job that ran out of time is listed as such; a job a person cancelled is not; one annotation read each', async () => {
    const jobs = failedRunJobs()
    const slow = {
      ...jobs[0],
      id: 201,
      name: 'e2e',
      conclusion: 'cancelled',
      steps: [{ name: 'Run e2e', status: 'completed', conclusion: 'cancelled', number: 1 }],
    }
    const stopped = { ...jobs[0], id: 202, name: 'preview', conclusion: 'cancelled', steps: [] }
    github.state.jobs = [...jobs, slow, stopped]
    github.state.annotations.set(201, [
      { annotation_level: 'failure', message: 'The job has exceeded the maximum execution time of 45m0s' },
      { annotation_level: 'failure', message: 'The operation was canceled.' },
    ])
    github.state.annotations.set(202, [{ annotation_level: 'failure', message: 'The run was canceled by @octocat.' }])
    const result = await step({ log_lines: '0' })
    expect(result.outputs.status).toBe('created')
    const { description, custom_fields: fields } = desk.creates()[0].body
    expect(description).toContain('— ran out of time after 45m0s (its timeout-minutes), in step `Run e2e`')
    expect(description).not.toContain('preview')
    expect(fields.github_failed_jobs).toContain('e2e (timed out after 45m0s): Run e2e')
    expect(
      github.requests.filter((r) => r.path.includes('/annotations')).map((r) => r.path.replace(/\?.*/, '')),
    ).toEqual([
      '/repos/octo-org/checkout-service/check-runs/201/annotations',
      '/repos/octo-org/checkout-service/check-runs/202/annotations',
    ])
  })

  it('keeps the description given and adds the section after it', async () => {
    github.state.jobs = failedRunJobs()
    const result = await step({ description: 'Nightly build broke.' })
    expect(result.code).toBe(0)
    expect(desk.creates()[0].body.description).toMatch(/^Nightly build broke\.\n\n### Failed jobs\n\n- \[linters\]/)
  })

  it('a 1 MiB description gives way to the section: the whole stays within 1 MiB, with a warning', async () => {
    github.state.jobs = failedRunJobs()
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    writeFileSync(join(workspace, 'build.log'), 'z'.repeat(1024 * 1024))
    const result = await step({ description_file: 'build.log' }, { workspace })
    expect(result.code).toBe(0)
    const sent: string = desk.creates()[0].body.description
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(1024 * 1024)
    expect(sent).toMatch(/^z+\n\n---\n\*\*\[Description cut at 1 MiB[^\n]*\n\n### Failed jobs\n/)
    expect(result.stdout).toContain(
      '::warning title=LiveDesk ticket::The description and the failed-jobs section exceed 1 MiB together',
    )
  })

  it('reads every page: a failed job after 150 passing ones is found', async () => {
    github.state.jobs = [...passingJobs(150), ...failedRunJobs()]
    const result = await step()
    expect(result.code).toBe(0)
    expect(github.requests.map((r) => r.path.replace(/^.*\?/, ''))).toEqual([
      'per_page=100&page=1',
      'per_page=100&page=2',
      // log_lines (default 30): the finished failed job's log, through GitHub's redirect to storage.
      ...github.requests
        .slice(2)
        .map((r) => r.path)
        .filter((p) => /\/actions\/jobs\/\d+\/logs$|^\/log-storage\/\d+$/.test(p)),
    ])
    expect(github.requests).toHaveLength(4)
    expect(desk.creates()[0].body.custom_fields.github_failed_jobs).toContain('linters: Run yarn run format-check')
  })

  it('adds nothing when no job or step has failed', async () => {
    github.state.jobs = passingJobs(3)
    const result = await step()
    expect(result.code).toBe(0)
    const body = desk.creates()[0].body
    expect(body.description).toBeUndefined()
    expect(body.custom_fields.github_failed_jobs).toBeUndefined()
  })

  it("works under GitHub Enterprise Server's /api/v3 root", async () => {
    github.state.jobs = failedRunJobs()
    const result = await step({}, { env: { GITHUB_API_URL: `${github.url}/api/v3` } })
    expect(result.code).toBe(0)
    expect(github.requests[0].path).toMatch(/^\/api\/v3\/repos\/octo-org\/checkout-service\/actions\/runs\//)
    expect(desk.creates()[0].body.custom_fields.github_failed_jobs).toContain('linters')
  })

  it('failed_jobs: false makes no GitHub call', async () => {
    github.state.jobs = failedRunJobs()
    const result = await step({ failed_jobs: 'false' })
    expect(result.code).toBe(0)
    expect(github.requests).toHaveLength(0)
    expect(desk.creates()[0].body.description).toBeUndefined()
  })
})

describe('failed_jobs when the jobs cannot be read', () => {
  it('jobs API 403: the ticket still opens, with a warning naming the permission', async () => {
    github.state.faults.set('jobs', 403)
    const result = await step()
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(desk.creates()).toHaveLength(1)
    expect(desk.creates()[0].body.description).toBeUndefined()
    expect(result.stdout).toMatch(
      /^::warning title=LiveDesk ticket%3A failed jobs not listed::The failed jobs could not be read \(GitHub answered HTTP 403: Resource not accessible by integration\).*actions: read/m,
    )
  })

  it('a GitHub API that never answers is cut off in time, and the ticket opens', async () => {
    github.state.faults.set('jobs', 'hang')
    const result = await step({ timeout_seconds: '2' })
    expect(result.code).toBe(0)
    expect(result.durationMs).toBeLessThan(6000)
    expect(desk.creates()).toHaveLength(1)
    expect(result.stdout).toContain('did not answer within 2 s')
    expect(result.stdout).not.toContain('actions: read')
  })

  it('jobs API 500: the warning gives the reason, and no permission hint (no permission cures a server error)', async () => {
    github.state.faults.set('jobs', 500)
    const result = await step()
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(1)
    expect(result.stdout).toMatch(
      /^::warning title=LiveDesk ticket%3A failed jobs not listed::The failed jobs could not be read \(GitHub answered HTTP 500: Server Error\), so the ticket does not list them\.$/m,
    )
  })
})

describe('failed_jobs outside a workflow run (a local dry run: npx @github/local-action, node dist/index.js)', () => {
  it.each([
    [{ GITHUB_RUN_ID: '' }, 'GITHUB_RUN_ID is not set'],
    [{ GITHUB_RUN_ID: '', GITHUB_REPOSITORY: '' }, 'GITHUB_RUN_ID and GITHUB_REPOSITORY are not set'],
  ])('%j: reads nothing from GitHub and says why in one info line, without a warning', async (env, why) => {
    github.state.jobs = failedRunJobs()
    const result = await step({ dry_run: 'true' }, { env })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('dry_run')
    expect(github.requests).toHaveLength(0)
    expect(result.stdout).toContain(
      `\nfailed_jobs: this step is not running in a workflow run (${why}), so there are no failed jobs to read.\n`,
    )
    expect(result.stdout).not.toMatch(/^::warning/m)
  })

  it("dedupe_key outside a run: no lookup, one info line; the ticket's notice carries no record that could never be found", async () => {
    const result = await step({ dedupe_key: 'nightly-main' }, { env: { GITHUB_RUN_ID: '' } })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(github.requests).toHaveLength(0)
    expect(result.stdout).toContain(
      '\ndedupe: this step is not running in a workflow run (GITHUB_RUN_ID is not set), so there are no earlier tickets to look up.\n',
    )
    expect(result.stdout).not.toMatch(/^::warning/m)
    expect(result.stdout).toMatch(/^::notice title=LiveDesk ticket::LiveDesk ticket tk_\S+ opened\.$/m)
  })
})

describe('failed jobs section (pure)', () => {
  const base = (over: Partial<Job>): Job => ({
    name: 'job',
    status: 'completed',
    conclusion: 'success',
    html_url: 'https://github.com/o/r/actions/runs/1/job/1',
    steps: [],
    ...over,
  })

  it('lists failed and timed-out jobs and running jobs with a failed step; leaves out the rest', () => {
    const failed = findFailedJobs([
      base({ name: 'ok' }),
      base({ name: 'cancelled', conclusion: 'cancelled' }),
      base({ name: 'skipped', conclusion: 'skipped' }),
      base({ name: 'slow', conclusion: 'timed_out' }),
      base({ name: 'setup', conclusion: 'failure', steps: [] }),
      base({
        name: 'running ok',
        status: 'in_progress',
        conclusion: null,
        steps: [{ name: 'a', status: 'in_progress', conclusion: null }],
      }),
      base({
        name: 'running bad',
        status: 'in_progress',
        conclusion: null,
        steps: [{ name: 'a', status: 'completed', conclusion: 'failure' }],
      }),
    ])
    expect(failed.map((j) => [j.name, j.running, j.failedSteps])).toEqual([
      ['slow', false, []],
      ['setup', false, []],
      ['running bad', true, ['a']],
    ])
  })

  it('shows names as text: Markdown and HTML in a job or step name cannot make links or markup', () => {
    const section = failedJobsSection([
      {
        name: '[x](https://evil.example) <img>',
        url: 'https://github.com/o/r/job/(1)',
        running: false,
        failedSteps: ['`rm` step\n::error::x'],
      },
    ])
    expect(section).toBe(
      "### Failed jobs\n\n- [\\[x\\](https://evil.example) \\<img\\>](https://github.com/o/r/job/%281%29) — failed steps: `'rm' step ::error::x`",
    )
  })

  it('bounds a huge matrix: 50 jobs, 20 steps each, then a count', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      name: `shard ${i}`,
      running: false,
      failedSteps: Array.from({ length: 25 }, (_, s) => `s${s}`),
    }))
    const section = failedJobsSection(many)
    expect(section.split('\n').filter((l) => l.startsWith('- ['))).toHaveLength(0)
    expect(section.split('\n').filter((l) => l.startsWith('- shard'))).toHaveLength(50)
    expect(section).toContain('and 5 more')
    expect(section.endsWith('- and 10 more failed jobs; see the run.')).toBe(true)
    expect(failedJobsField(many).length).toBeLessThanOrEqual(1000)
  })
})
