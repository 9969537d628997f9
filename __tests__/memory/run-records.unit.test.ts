// The memory of build failures (src/memory/run-records.ts): a record signed with api_secret in the notice
// of the step that opened the ticket, found again by later attempts and runs through the GitHub API
// stand-in (annotations as GitHub keeps them, __fixtures__/run-history.ts). Anyone who can print to a
// build log can print a record: only one signed for this repository, key, ticket and run counts.
import { describe, expect, it } from '@jest/globals'
import { readGitHubContext, type GitHubContext } from '../../src/github/context.js'
import type { GitHubApiOptions } from '../../src/github/octokit-client.js'
import { recordsMemory as memoryOf } from '../../src/memory/records-memory.js'
import { runRecords } from '../../src/memory/run-records.js'
import { dedupeScope, type DedupeScope } from '../../src/memory/scope.js'
import type { Log } from '../../src/runner/runner.js'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { useGitHub } from '../../__fixtures__/stand-ins.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const github = useGitHub()
const SECRET = 'sk_records_secret'

/** A scope's records in the notices of this workflow's runs: the line a run prints, and the newest found. */
function signedRecords(api: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, secret: string) {
  const records = runRecords(api, ctx, scope, secret)
  return {
    line: records.line,
    find: async () => {
      const { value, where, forged } = await records.find({ recovery: false })
      return { value, where, forged }
    },
  }
}

/** The memory of a step in the workflow itself, as the ticket path builds it. */
const recordsMemory = (log: Log, api: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, secret: string) =>
  memoryOf(log, api, ctx, scope, runRecords(api, ctx, scope, secret), { openAfter: 1, recovery: false })

const contextOf = (at: Attempt, env: Record<string, string> = {}): GitHubContext =>
  readGitHubContext({
    GITHUB_REPOSITORY: 'octo-org/checkout-service',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKFLOW_REF: 'octo-org/checkout-service/.github/workflows/ci.yml@refs/heads/main',
    ...at.env,
    ...env,
  })
const api = (token = github.token): GitHubApiOptions => ({ apiUrl: github.url, token, timeoutMs: 2000 })

/** What a run printed in its notice, kept by GitHub as the report job's annotation. */
function printed(at: Attempt, ...lines: string[]): void {
  github.state.annotations.set(
    at.reportJobId,
    lines.map((message) => ({ annotation_level: 'notice', title: 'LiveDesk ticket', message })),
  )
}

const log = recordingLog

describe('signed records', () => {
  const history = () => new RunHistory(github)

  it('the newest record of this key in an earlier attempt is found, and where it was', async () => {
    const h = history()
    const first = h.begin(9101, 1)
    const ctx = contextOf(first)
    const records = signedRecords(api(), ctx, dedupeScope(ctx, 'run', undefined, false), SECRET)
    expect(records.line('tk_1')).toMatch(
      /^livedesk-ticket-action v1 key=[0-9a-f]{16} ticket=tk_1 run=9101 sig=[\w-]{43}$/,
    )
    printed(first, records.line('tk_1'), `${records.line('tk_old')}\n${records.line('tk_2')}`)
    const second = contextOf(h.begin(9101, 2))
    const found = await signedRecords(api(), second, dedupeScope(second, 'run', undefined, false), SECRET).find()
    expect(found).toEqual({ value: 'tk_2', where: 'run 9101, attempt 1, job "report"', forged: [] })
  })

  it.each([
    [
      'signed with another api_secret',
      (ctx: GitHubContext) => signedRecords(api(), ctx, scopeOf(ctx), 'sk_other').line('tk_1'),
    ],
    [
      "copied from another run's log",
      (ctx: GitHubContext) => signedRecords(api(), { ...ctx, runId: '4242' }, scopeOf(ctx), SECRET).line('tk_1'),
    ],
    [
      'for a ticket id that steers a path',
      (ctx: GitHubContext) => signedRecords(api(), ctx, scopeOf(ctx), SECRET).line('../tk_1'),
    ],
  ])('a record %s does not count, and its place is named', async (_what, forge) => {
    const h = history()
    const first = h.begin(9201, 1)
    printed(first, forge(contextOf(first)))
    const second = contextOf(h.begin(9201, 2))
    const found = await signedRecords(api(), second, scopeOf(second), SECRET).find()
    expect(found).toEqual({ value: undefined, where: undefined, forged: ['run 9201, attempt 1, job "report"'] })
  })

  it("another key's record is neither found nor called forged: each dedupe scope has its own key", async () => {
    const h = history()
    const first = h.begin(9301, 1, 'main')
    const ctx = contextOf(first)
    printed(first, signedRecords(api(), ctx, dedupeScope(ctx, 'branch', 'nightly', false), SECRET).line('tk_1'))
    const second = contextOf(h.begin(9301, 2, 'main'))
    expect(await signedRecords(api(), second, scopeOf(second), SECRET).find()).toEqual({
      value: undefined,
      where: undefined,
      forged: [],
    })
  })

  it('dedupeScope: a run, the branch of this workflow and job, or a key across branches', () => {
    const ctx = contextOf(history().begin(9401, 1, 'release'))
    expect(dedupeScope(ctx, 'run', undefined, false)).toEqual({
      mode: 'run',
      key: 'run\nci.yml\nreport\n9401',
      everyRun: false,
    })
    expect(dedupeScope(ctx, 'branch', undefined, true)).toEqual({
      mode: 'branch',
      key: 'branch\nci.yml\nreport\nrelease',
      everyRun: true,
    })
    expect(dedupeScope(ctx, 'branch', 'nightly', false)).toEqual({
      mode: 'key',
      key: 'key\nci.yml\nnightly',
      everyRun: false,
    })
  })
})

const scopeOf = (ctx: GitHubContext) => dedupeScope(ctx, 'run', undefined, false)

describe('recordsMemory: what a run is told while it looks', () => {
  it("the first attempt of a run (dedupe: run) looks nowhere: nothing earlier can hold this run's record", async () => {
    const ctx = contextOf(new RunHistory(github).begin(9501, 1))
    expect(await recordsMemory(log(), api(), ctx, scopeOf(ctx), SECRET).recall()).toEqual({})
    expect(github.requests).toEqual([])
  })

  it('an empty github_token: a warning, nothing asked of GitHub, a new ticket', async () => {
    const ctx = contextOf(new RunHistory(github).begin(9502, 2))
    const told = log()
    expect(await recordsMemory(told, api(''), ctx, scopeOf(ctx), SECRET).recall()).toEqual({ unread: true })
    expect(told.lines).toEqual([
      'warning (LiveDesk ticket: earlier tickets not looked up): github_token is empty, so an earlier ticket for this failure cannot be looked up; a new ticket is opened.',
    ])
    expect(github.requests).toEqual([])
  })

  it('records not signed with this api_secret: one warning naming where they were', async () => {
    const h = new RunHistory(github)
    const first = h.begin(9503, 1)
    printed(first, signedRecords(api(), contextOf(first), scopeOf(contextOf(first)), 'sk_other').line('tk_1'))
    const ctx = contextOf(h.begin(9503, 2))
    const told = log()
    expect(await recordsMemory(told, api(), ctx, scopeOf(ctx), SECRET).recall()).toEqual({})
    expect(told.lines).toEqual([
      'warning (LiveDesk ticket: record ignored): Ignored LiveDesk ticket records that do not check here, not signed with this api_secret or copied from another run or commit (anyone who can print to a build log can print one), in: run 9503, attempt 1, job "report".',
    ])
  })

  it('a job log full of forged records (its 50 annotations full): each place is named once, not once a record', async () => {
    const h = new RunHistory(github)
    const first = h.begin(9504, 1)
    const ctx1 = contextOf(first)
    const forged = signedRecords(api(), ctx1, scopeOf(ctx1), 'sk_other').line('tk_1')
    const full = Array.from({ length: 50 }, () => forged)
    printed(first, ...full)
    github.state.logTexts.set(first.reportJobId, `2026-01-01T00:00:00.0000000Z ##[notice]${forged}\n`.repeat(20_000))
    const ctx = contextOf(h.begin(9504, 2))
    const told = log()
    expect(await recordsMemory(told, api(), ctx, scopeOf(ctx), SECRET).recall()).toEqual({})
    expect(told.lines).toEqual([
      'warning (LiveDesk ticket: record ignored): Ignored LiveDesk ticket records that do not check here, not signed with this api_secret or copied from another run or commit (anyone who can print to a build log can print one), in: run 9504, attempt 1, job "report"; run 9504, attempt 1, job "report" (its log).',
    ])
  })

  it('GitHub refusing (403): the permissions to give, or dedupe off; with dedupe_key, remove it', async () => {
    github.state.faults.set('run-jobs', 403)
    const ctx = contextOf(new RunHistory(github).begin(9504, 2))
    const told = log()
    await recordsMemory(told, api(), ctx, scopeOf(ctx), SECRET).recall()
    expect(told.lines).toEqual([
      expect.stringMatching(
        /^warning \(LiveDesk ticket: earlier tickets not looked up\): An earlier ticket for this failure could not be looked up \(GitHub answered HTTP 403.*\), so a new ticket is opened\. Give the workflow "permissions: actions: read, checks: read"\. Or set dedupe: off\.$/,
      ),
    ])
    const keyed = log()
    await recordsMemory(keyed, api(), ctx, dedupeScope(ctx, 'run', 'nightly', false), SECRET).recall()
    expect(keyed.lines[0]).toMatch(/Or remove dedupe_key\.$/)
  })

  it('across runs without GITHUB_WORKFLOW_REF: the workflow cannot be listed, and the warning says why', async () => {
    const ctx = contextOf(new RunHistory(github).begin(9505, 1), { GITHUB_WORKFLOW_REF: '' })
    const told = log()
    await recordsMemory(told, api(), ctx, dedupeScope(ctx, 'branch', undefined, false), SECRET).recall()
    expect(told.lines).toEqual([
      expect.stringContaining(
        'could not be looked up (GITHUB_WORKFLOW_REF does not name the workflow file, so its earlier runs cannot be listed)',
      ),
    ])
  })
})
