// Recurring chores: a ticket that is not a failure's (a template, or a step's title on a schedule or a
// dispatch) whose dedupe_key names the chore. Its next period, while the last ticket is open, does
// what when_open says (note, skip, new); a closed last ticket is followed by the next one, named. Its
// words are a chore's: due, periods; never a failure or an occurrence. The chore's runs pass (its step
// runs on a green schedule); their notices hold the records, kept by GitHub as the job's annotations.
import { describe, expect, it } from '@jest/globals'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { schedulePayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()
const today = (): string => new Date().toISOString().slice(0, 10)
/** The words a chore's ticket, entry, notice and summary must never use. */
const FAILURE_WORDS = /fail|occurrence/i

/** The month and quarter of today, computed here apart from src/recipes/periods.ts. */
function periodsToday(): { month: string; quarter: string; year: string } {
  const [year, month] = today().split('-')
  return { month: `${year}-${month}`, quarter: `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`, year }
}

/**
 * One scheduled run with the step given `inputs`: the run begins (attempt 1 of a new run unless told),
 * the step runs, the run ends, passed unless `failed`.
 */
async function scheduledRun(
  h: RunHistory,
  inputs: Record<string, string>,
  {
    failed = false,
    runId,
    attempt = 1,
    env = {},
  }: { failed?: boolean; runId?: number; attempt?: number; env?: Record<string, string> } = {},
): Promise<RunResult & { at: Attempt }> {
  const at = h.begin(runId ?? h.nextRunId(), attempt, 'main', failed, 0, { event: 'schedule' })
  const result = await runStep({
    inputs: deskInputs(desk, inputs),
    env: { ...at.env, ...env },
    event: { name: 'schedule', payload: schedulePayload() },
    githubToken: github.token,
  })
  h.end(at, result, failed)
  return { ...result, at }
}

describe('a recurring chore (a schedule with a dedupe_key)', () => {
  /** One period: the scheduled run begins, the chore's step runs, the run passes. */
  const period = (h: RunHistory, extra: Record<string, string> = {}) =>
    scheduledRun(
      h,
      {
        title: 'Access review {{ month }}',
        description: 'Review who can reach production.',
        dedupe_key: 'access-review',
        failed_jobs: 'false',
        ticket_url_template: 'https://desk.example/t/{ticket_id}',
        ...extra,
      },
      { env: { GITHUB_WORKFLOW: 'Monthly access review' } },
    )

  it('opens its ticket once, titled with its period, and the day it opened', async () => {
    const first = await period(new RunHistory(github))
    expect(first.outputs.status).toBe('created')
    const body = desk.creates()[0].body
    expect(body.title).toBe(`Access review ${periodsToday().month}`)
    expect(body.custom_fields.github_chore_since).toBe(today())
  })

  it('when_open: note (the default): the open ticket gets a "Due again" entry and the periods it covers; no second ticket', async () => {
    const h = new RunHistory(github)
    const first = await period(h)
    const second = await period(h)
    expect(second.outputs).toMatchObject({ status: 'updated', ticket_id: first.outputs.ticket_id })
    expect(desk.posts()).toHaveLength(1)
    const put = desk.puts()[0].body
    expect(put.description).toContain(
      `- **Due again** on ${today()} ([run ${second.at.runId}, attempt 1](https://github.com/octo-org/checkout-service/actions/runs/${second.at.runId}/attempts/1)): this ticket now covers 2 periods.`,
    )
    expect(put.custom_fields).toMatchObject({ github_periods_due: '2', github_chore_since: today() })
    expect(second.visibleLog).toContain(`This chore already has LiveDesk ticket ${first.outputs.ticket_id}`)
    expect(second.stdout).toContain(
      `LiveDesk ticket ${first.outputs.ticket_id} (https://desk.example/t/${first.outputs.ticket_id}) updated: the chore came due again while it was open (the ticket now covers 2 periods).`,
    )
    expect(second.summary).toContain('a "Due again" entry in the description')
    const third = await period(h)
    expect(third.outputs.ticket_id).toBe(first.outputs.ticket_id)
    expect(desk.puts()[1].body.custom_fields.github_periods_due).toBe('3')
    // A chore's words: nothing of a failure or an occurrence, in the ticket, the notices or the summary.
    for (const said of [
      JSON.stringify(put),
      JSON.stringify(desk.puts()[1].body),
      second.stdout,
      second.summary,
      third.stdout,
    ])
      expect(said).not.toMatch(FAILURE_WORDS)
  })

  it('when_open: skip: nothing is written; a notice names the open ticket and since when; status skipped', async () => {
    const h = new RunHistory(github)
    const first = await period(h, { when_open: 'skip' })
    desk.requests.length = 0
    const second = await period(h, { when_open: 'skip' })
    expect(second.code).toBe(0)
    expect(second.outputs).toEqual({
      status: 'skipped',
      ticket_id: first.outputs.ticket_id,
      ticket_url: `https://desk.example/t/${first.outputs.ticket_id}`,
    })
    expect(desk.requests.map((r) => r.method)).toEqual(['GET'])
    expect(second.stdout).toMatch(
      new RegExp(
        `::notice title=LiveDesk ticket%3A still open::.*LiveDesk ticket ${first.outputs.ticket_id} \\(https://desk.example/t/${first.outputs.ticket_id}\\) is still open \\(since ${today()}\\): the chore came due again, and nothing was sent \\(when_open: skip\\)\\.`,
      ),
    )
    expect(second.summary).toContain('### LiveDesk ticket: still open, nothing sent')
    expect(second.summary).toContain(`| **Open since** | ${today()} |`)
    // The record is printed again: six skipped periods later the open ticket is still found.
    for (let n = 0; n < 6; n++) expect((await period(h, { when_open: 'skip' })).outputs.status).toBe('skipped')
    expect(desk.tickets.size).toBe(1)
    expect(desk.posts()).toHaveLength(0)
    expect(second.stdout + second.summary).not.toMatch(FAILURE_WORDS)
  })

  it('when_open: new: a new ticket that names the one still open, in a line of its description and a field', async () => {
    const h = new RunHistory(github)
    const first = await period(h)
    const second = await period(h, { when_open: 'new' })
    expect(second.outputs.status).toBe('created')
    expect(second.outputs.ticket_id).not.toBe(first.outputs.ticket_id)
    const body = desk.creates()[1].body
    expect(body.description).toBe(
      `**This chore's last ticket, LiveDesk ticket ${first.outputs.ticket_id}, is still open.**\n\nReview who can reach production.`,
    )
    expect(body.custom_fields.github_open_ticket).toBe(first.outputs.ticket_id)
    // The next period finds the newest ticket.
    const third = await period(h)
    expect(third.outputs).toMatchObject({ status: 'updated', ticket_id: second.outputs.ticket_id })
  })

  it.each([
    ['closed', 'is closed'],
    ['deleted', 'no longer exists in LiveDesk'],
  ])('a last ticket the desk %s: the next period opens a new ticket that names it', async (what, why) => {
    const h = new RunHistory(github)
    const first = await period(h)
    if (what === 'closed') desk.tickets.get(first.outputs.ticket_id).status = 'closed'
    else desk.tickets.delete(first.outputs.ticket_id)
    const second = await period(h)
    expect(second.outputs.status).toBe('created')
    const body = desk.creates()[1].body
    expect(body.description).toMatch(
      new RegExp(
        `^\\*\\*This chore's last ticket was LiveDesk ticket ${first.outputs.ticket_id}\\*\\*, which ${why}\\.\n\n`,
      ),
    )
    expect(body.custom_fields.github_previous_ticket).toBe(first.outputs.ticket_id)
    expect(second.visibleLog).toContain(`this chore's last ticket, ${why}: a new ticket is opened that names it.`)
    expect(JSON.stringify(body) + second.stdout + second.summary).not.toMatch(FAILURE_WORDS)
  })

  it.each([
    ['sometimes', 'when_open: "sometimes" is not allowed. Allowed values: note, skip, new.'],
    ['Skip', 'when_open: "Skip" is not allowed. Allowed values: note, skip, new.'],
  ])('when_open: %s is refused before any request, naming the allowed values', async (value, problem) => {
    const result = await period(new RunHistory(github), { when_open: value })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(problem)
    expect(desk.requests).toHaveLength(0)
    expect(github.requests).toHaveLength(0)
  })

  it('when_open without a dedupe_key or dedupe: branch is refused: the key names the chore', async () => {
    const result = await period(new RunHistory(github), { when_open: 'skip', dedupe_key: '' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'when_open: applies to a recurring chore, which a dedupe_key names (dedupe_key: access-review, say) or dedupe: branch keeps per branch: give the step one of them, or remove when_open.',
    )
    expect(desk.requests).toHaveLength(0)
  })

  it('a failure keeps its own words: when_open does not apply, and the log says so', async () => {
    const h = new RunHistory(github)
    const failure = () =>
      scheduledRun(
        h,
        { title: 'Nightly build failing', dedupe_key: 'nightly-main', when_open: 'skip' },
        { failed: true },
      )
    const first = await failure()
    const second = await failure()
    expect(second.outputs).toMatchObject({ status: 'updated', ticket_id: first.outputs.ticket_id })
    expect(desk.puts()[0].body.description).toContain('**Failed again**')
    expect(second.visibleLog).toContain(
      'when_open: skip applies to a recurring chore (a template, or a step on a schedule or a dispatch, with a dedupe_key or dedupe: branch); this run has failed jobs, so its ticket is a failure, and an open ticket of it gets a "Failed again" entry.',
    )
  })
})

describe('a recurring chore, where a run cannot tell or repeats itself', () => {
  const period = (
    h: RunHistory,
    extra: Record<string, string> = {},
    options: { failed?: boolean; runId?: number; attempt?: number } = {},
  ) =>
    scheduledRun(
      h,
      { title: 'Access review {{ month }}', dedupe_key: 'access-review', failed_jobs: 'false', ...extra },
      options,
    )

  it('GitHub cannot be read for a period: the step fails and opens nothing (a second ticket beside the open one is worse)', async () => {
    const h = new RunHistory(github)
    await period(h)
    github.state.faults.set('workflow-runs', { status: 503, times: 10 })
    const second = await period(h)
    expect(second.code).toBe(1)
    expect(second.outputs.status).toBe('failed')
    expect(desk.creates()).toHaveLength(1)
    expect(second.stdout).toMatch(
      /::error title=LiveDesk ticket not opened::The open ticket of this chore could not be looked up \(GitHub answered HTTP 503[^)]*\), so nothing was opened: a second ticket beside an open one is what its dedupe_key prevents\. Re-run the job when GitHub answers\./,
    )
  })

  it('a scheduled build whose jobs cannot be read is taken for a failure, never skipped as a chore', async () => {
    const h = new RunHistory(github)
    const inputs = { title: 'Nightly build failing', dedupe_key: 'nightly', failed_jobs: 'auto', when_open: 'skip' }
    const first = await period(h, inputs, { failed: true })
    github.state.faults.set('jobs', 403)
    const second = await period(h, inputs, { failed: true })
    expect(second.outputs).toMatchObject({ status: 'updated', ticket_id: first.outputs.ticket_id })
    expect(desk.puts()[0].body.description).toContain('**Failed again**')
    expect(second.visibleLog).toContain(
      'the jobs of this run could not be read, so its ticket is taken for a failure (never skipped)',
    )
  })

  it("dedupe: branch without a key keeps a chore per branch, in a chore's words", async () => {
    const h = new RunHistory(github)
    const first = await period(h, { dedupe_key: '', dedupe: 'branch' })
    const second = await period(h, { dedupe_key: '', dedupe: 'branch' })
    expect(second.outputs).toMatchObject({ status: 'updated', ticket_id: first.outputs.ticket_id })
    expect(JSON.stringify(desk.puts()[0].body) + second.stdout + second.summary).not.toMatch(FAILURE_WORDS)
  })

  it('a re-run of the same period (attempt 2) is the same period: nothing is noted, no period counted', async () => {
    const h = new RunHistory(github)
    const first = await period(h)
    const again = await period(h, {}, { runId: first.at.runId, attempt: 2 })
    expect(again.outputs.status).toBe('none')
    expect(desk.puts()).toHaveLength(0)
    expect(again.stdout).toContain(
      `This period's LiveDesk ticket ${first.outputs.ticket_id} is open already, from an earlier attempt of this run: nothing to note.`,
    )
  })

  it('a ticket that never had github_chore_since keeps none: its first "Due again" does not make today its day', async () => {
    const h = new RunHistory(github)
    const first = await period(h)
    delete desk.tickets.get(first.outputs.ticket_id).custom_fields.github_chore_since
    await period(h)
    expect(desk.puts()[0].body.custom_fields.github_chore_since).toBeUndefined()
  })

  it('a dry run of "note" shows the update as it would be sent: the ticket with its "Due again" entry', async () => {
    const h = new RunHistory(github)
    await period(h)
    const dry = await period(h, { dry_run: 'true' })
    expect(dry.outputs.status).toBe('dry_run')
    expect(dry.visibleLog).toContain('"method": "PUT"')
    expect(dry.visibleLog).toContain('**Due again** on')
    expect(desk.puts()).toHaveLength(0)
  })
})
