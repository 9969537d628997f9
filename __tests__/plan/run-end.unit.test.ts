// How the run a ticket is about ended (plan/run-end.ts): its failed jobs for a step in the workflow,
// and for a `workflow_run` reporter whether it has anything to do: a failure is reported, a success
// or a skip is not, a cancel is a failure only when a job ran out of time. Against the GitHub stand-in.
import { describe, expect, it } from '@jest/globals'
import { readGitHubContext, type GitHubContext, type ReportedRun } from '../../src/github/context.js'
import type { Settings } from '../../src/inputs/settings.js'
import { mayAskLiveDesk, readRunEnd } from '../../src/plan/run-end.js'
import { useGitHub } from '../../__fixtures__/stand-ins.js'
import { cancelAnnotations, ciRun, REPO } from '../../__fixtures__/workflow-run.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const github = useGitHub()
const RUN = 7001

const settings = (over: Partial<Settings> = {}): Settings =>
  ({
    githubToken: github.token,
    timeoutMs: 2000,
    failedJobs: true,
    logLines: 0,
    mode: 'ticket',
    dryRun: false,
    ...over,
  }) as Settings

/** A reporter's context: the run it reports on, as the workflow_run event names it. */
const reporter = (conclusion: string, workflow = 'CI'): GitHubContext => {
  const own = readGitHubContext({
    GITHUB_REPOSITORY: REPO,
    GITHUB_RUN_ID: '9001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'workflow_run',
    GITHUB_API_URL: github.url,
  })
  const reported: ReportedRun = {
    ...own.reported,
    runId: String(RUN),
    runAttempt: '1',
    workflow,
    eventName: 'push',
    triggering: { conclusion, title: 'Fix the build', fromFork: false, headRepository: REPO },
  }
  return { ...own, reported }
}

/** A step in the workflow itself: its own run. */
const step = (): GitHubContext =>
  readGitHubContext({
    GITHUB_REPOSITORY: REPO,
    GITHUB_RUN_ID: String(RUN),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_API_URL: github.url,
  })

const log = recordingLog
const lists = { readsFailedJobs: true }
const api = () => ({ apiUrl: github.url, token: github.token, timeoutMs: 2000 })
/** readRunEnd as the plan calls it, with the run's GitHub options. */
const runEnd = (out: ReturnType<typeof log>, chosen: typeof lists, given: Settings, ctx: GitHubContext) =>
  readRunEnd(out, { chosen, settings: given, ctx, github: api() })
const jobReads = () => github.requests.filter((r) => r.path.includes('/jobs')).length
const logReads = () => github.requests.filter((r) => r.path.endsWith('/logs')).length

describe('mayAskLiveDesk', () => {
  const reported = (conclusion?: string) =>
    ({ triggering: conclusion === undefined ? undefined : { conclusion } }) as ReportedRun

  it.each<[string, Partial<Settings>, string | undefined, boolean]>([
    ['a step in the workflow', {}, undefined, true],
    ['a dry run', { dryRun: true }, undefined, false],
    ['a recovery step', { mode: 'recovery' }, undefined, false],
    ['a reporter of a failure', {}, 'failure', true],
    ['of a run that timed out', {}, 'timed_out', true],
    ['of a run that could not start', {}, 'startup_failure', true],
    ['of a cancelled run (it may have timed out)', {}, 'cancelled', true],
    ['of a run that passed', {}, 'success', false],
    ['of a run that was skipped', {}, 'skipped', false],
  ])('%s', (_name, over, conclusion, may) => {
    expect(mayAskLiveDesk(settings(over), reported(conclusion))).toBe(may)
  })
})

describe('readRunEnd, a step in the workflow', () => {
  it('lists the failed jobs of its run', async () => {
    ciRun(github, { id: RUN, conclusion: 'failure' })
    const ended = await runEnd(log(), lists, settings(), step())
    expect(ended.failedJobs).toMatchObject({ count: 1, field: 'test: Run npm test', timedOut: [] })
  })

  it('reads nothing with failed_jobs: false, in a recovery step, or for an issue', async () => {
    expect(await runEnd(log(), lists, settings({ failedJobs: false }), step())).toEqual({})
    expect(await runEnd(log(), lists, settings({ mode: 'recovery' }), step())).toEqual({})
    expect(await runEnd(log(), { readsFailedJobs: false }, settings(), step())).toEqual({})
    expect(jobReads()).toBe(0)
  })

  it('jobs GitHub could not list: said, so that the ticket is taken for a failure', async () => {
    github.state.faults.set('jobs', 403)
    expect(await runEnd(log(), lists, settings(), step())).toEqual({ jobsUnread: true })
  })

  it('with log_lines, the failing lines of each failed job are read', async () => {
    ciRun(github, { id: RUN, conclusion: 'failure' })
    const ended = await runEnd(log(), lists, settings({ logLines: 5 }), step())
    expect(ended.failedJobs?.section).toContain('checkout.test.ts: expected 200, got 500')
  })
})

describe('readRunEnd, a reporter', () => {
  it.each([
    ['success', 'ended success: no ticket to open.'],
    ['skipped', 'ended skipped: no ticket to open.'],
    ['', 'ended without a conclusion yet: no ticket to open.'],
  ])('a run that ended %s: nothing to do, nothing read', async (conclusion, words) => {
    expect(await runEnd(log(), lists, settings(), reporter(conclusion))).toEqual({
      nothingToDo: `The run this step reports on (CI, run ${RUN}, attempt 1) ${words}`,
    })
    expect(jobReads()).toBe(0)
  })

  it('a run that failed: its failed jobs', async () => {
    ciRun(github, { id: RUN, conclusion: 'failure' })
    expect((await runEnd(log(), lists, settings(), reporter('failure'))).failedJobs?.count).toBe(1)
  })

  it('a recovery reporter: a run that passed may be noted; any other end is nothing to do', async () => {
    const recovery = settings({ mode: 'recovery' })
    expect(await runEnd(log(), lists, recovery, reporter('success'))).toEqual({})
    expect(await runEnd(log(), lists, recovery, reporter('failure', ''))).toEqual({
      nothingToDo: `The run this step reports on (run ${RUN}, attempt 1) ended failure: no recovery to note.`,
    })
    expect(jobReads()).toBe(0)
  })

  describe('a cancelled run', () => {
    it('cancelled by a person: nothing to do', async () => {
      ciRun(github, { id: RUN, conclusion: 'cancelled' })
      expect(await runEnd(log(), lists, settings(), reporter('cancelled'))).toEqual({
        nothingToDo: `The run this step reports on (CI, run ${RUN}, attempt 1) was cancelled (by a person or a concurrency group; no job ran out of time): no ticket to open.`,
      })
    })

    it('a job ran out of time: a failure, said in the log, its jobs listed', async () => {
      ciRun(github, { id: RUN, conclusion: 'cancelled', timedOut: '30m0s' })
      const out = log()
      const ended = await runEnd(out, lists, settings({ logLines: 5 }), reporter('cancelled'))
      expect(ended).toMatchObject({ timedOut: ['test after 30m0s'], failedJobs: { count: 1 } })
      expect(out.lines).toContain(
        `The run this step reports on (CI, run ${RUN}, attempt 1) ran out of time: test after 30m0s. It is reported as a failure.`,
      )
      expect(logReads()).toBe(1)
    })

    it('two jobs ran out of time: both named', async () => {
      ciRun(github, { id: RUN, conclusion: 'cancelled', timedOut: '30m0s' })
      github.state.runJobs.get(RUN)?.push({
        id: 99,
        name: 'lint',
        status: 'completed',
        conclusion: 'cancelled',
        run_attempt: 1,
      })
      github.state.annotations.set(99, cancelAnnotations('10m0s'))
      const out = log()
      expect((await runEnd(out, lists, settings({ failedJobs: false }), reporter('cancelled'))).timedOut).toEqual([
        'test after 30m0s',
        'lint after 10m0s',
      ])
      expect(out.lines).toContain(
        `The run this step reports on (CI, run ${RUN}, attempt 1) ran out of time: test after 30m0s, lint after 10m0s. It is reported as a failure.`,
      )
    })

    it('with failed_jobs: false, the timeout alone, no log read', async () => {
      ciRun(github, { id: RUN, conclusion: 'cancelled', timedOut: '30m0s' })
      expect(await runEnd(log(), lists, settings({ failedJobs: false, logLines: 5 }), reporter('cancelled'))).toEqual({
        timedOut: ['test after 30m0s'],
      })
      expect(logReads()).toBe(0)
    })

    it('its jobs could not be read: a ticket rather than a timeout left unreported, with a warning', async () => {
      github.state.faults.set('jobs', 403)
      const out = log()
      expect(await runEnd(out, lists, settings(), reporter('cancelled'))).toEqual({})
      expect(out.lines).toContain(
        `warning (LiveDesk ticket: cancelled run not told apart): The run this step reports on (CI, run ${RUN}, attempt 1) ended cancelled, and whether a job of it ran out of time could not be read: a ticket is opened rather than a timeout left unreported.`,
      )
    })
  })
})
