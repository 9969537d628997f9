// Which tickets count as "this failure's" (memory/scope.ts): the key a run's records are signed for,
// by dedupe and dedupe_key. The keys are in the records already kept: a change would lose them.
import { describe, expect, it } from '@jest/globals'
import { readGitHubContext, type GitHubContext, type ReportedRun } from '../../src/github/context.js'
import { dedupeScope } from '../../src/memory/scope.js'

const env = {
  GITHUB_REPOSITORY: 'octo-org/checkout-service',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_WORKFLOW_REF: 'octo-org/checkout-service/.github/workflows/ci.yml@refs/heads/main',
  GITHUB_JOB: 'build',
  GITHUB_RUN_ID: '42',
  GITHUB_REF: 'refs/heads/main',
}
const step = (over: Record<string, string> = {}): GitHubContext => readGitHubContext({ ...env, ...over })

/** A reporter on workflow_run, reporting on run 7001 of the watched workflow. */
const reporter = (over: Partial<ReportedRun> = {}, fork = false): GitHubContext => {
  const own = step({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_JOB: 'report' })
  const reported: ReportedRun = {
    ...own.reported,
    runId: '7001',
    workflow: 'Tests',
    workflowFile: 'tests.yml',
    branch: 'main',
    triggering: {
      conclusion: 'failure',
      title: '',
      fromFork: fork,
      headRepository: fork ? 'mallory/checkout-service' : 'octo-org/checkout-service',
    },
    ...over,
  }
  return { ...own, reported }
}

describe('dedupeScope', () => {
  it("dedupe: run: this run's attempts, per workflow and job", () => {
    expect(dedupeScope(step(), 'run', undefined, false)).toEqual({
      mode: 'run',
      key: 'run\nci.yml\nbuild\n42',
      everyRun: false,
    })
  })

  it("dedupe: branch: the workflow's runs on the branch, per job", () => {
    expect(dedupeScope(step(), 'branch', undefined, true)).toEqual({
      mode: 'branch',
      key: 'branch\nci.yml\nbuild\nmain',
      everyRun: true,
    })
  })

  it('a dedupe_key: on any branch, whatever the job, whatever dedupe says', () => {
    expect(dedupeScope(step(), 'branch', 'nightly', false)).toEqual({
      mode: 'key',
      key: 'key\nci.yml\nnightly',
      everyRun: false,
    })
    expect(dedupeScope(step({ GITHUB_JOB: 'test' }), 'run', 'nightly', false).key).toBe('key\nci.yml\nnightly')
  })

  it('a run that names no branch: kept for that run alone, said once', () => {
    expect(dedupeScope(step({ GITHUB_REF: '' }), 'branch', undefined, false)).toEqual({
      mode: 'run',
      key: 'run\nci.yml\nbuild\n42',
      everyRun: false,
      note: "The run 42 names no branch (GitHub's head_branch is empty), so its ticket is kept for that run alone, as with dedupe: run.",
    })
  })

  it("without the workflow's file (a local run), its name", () => {
    expect(dedupeScope(step({ GITHUB_WORKFLOW_REF: '' }), 'run', undefined, false).key).toBe('run\nCI\nbuild\n42')
  })

  describe('a workflow_run reporter', () => {
    it('the run it reports on, whichever of its jobs reports it', () => {
      expect(dedupeScope(reporter(), 'run', undefined, false)).toEqual({
        mode: 'run',
        key: 'run\nworkflow_run\ntests.yml\n7001',
        everyRun: false,
        reporter: true,
      })
      expect(dedupeScope(reporter(), 'branch', undefined, false).key).toBe('branch\nworkflow_run\ntests.yml\nmain')
      expect(dedupeScope(reporter(), 'run', 'nightly', false).key).toBe('key\nworkflow_run\ntests.yml\nnightly')
    })

    it("a reported workflow without a file: its name; a fork's branch is the fork's", () => {
      expect(dedupeScope(reporter({ workflowFile: '' }), 'run', undefined, false).key).toBe(
        'run\nworkflow_run\nTests\n7001',
      )
      expect(dedupeScope(reporter({}, true), 'branch', undefined, false).key).toBe(
        'branch\nworkflow_run\ntests.yml\nmallory/checkout-service:main',
      )
    })
  })
})
