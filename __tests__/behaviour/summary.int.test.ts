// The job summary, as a person reads it instead of the log: what was decided and why, the ticket with
// its link, what was sent (title, priority, type, team, requester, custom fields; secrets masked),
// the failed jobs listed, and every warning of the run, worded as in the log. After a ticket, a wait
// (open_after) and a failure.
import { describe, expect, it } from '@jest/globals'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { failureStep } from '../../__fixtures__/readme-steps.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { deskInputs, SECRET, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { runStep, type RunResult } from '../../__fixtures__/step.js'

const desk = useLiveDesk()
const github = useGitHub()

/** The lines of the log that are warnings, as the runner shows them: "title: text". */
const warningsOf = (r: RunResult): string[] =>
  r.visibleLog
    .split('\n')
    .filter((l) => l.startsWith('::warning'))
    .map((l) => {
      const m = /^::warning title=([^:]*)::(.*)$/.exec(l)
      return m ? `${m[1].replace(/%3A/g, ':')}: ${m[2]}` : l
    })

describe('the job summary', () => {
  it('after a build-failure ticket with a warning: decision, ticket, what was sent, the failed jobs, the warning', async () => {
    github.state.jobs = failedRunJobs()
    // The failed job's log is gone: a warning, and the ticket lists the job without its lines.
    github.state.logs.set(failedRunJobs()[1].id as number, 'http://127.0.0.1:9/gone')
    const result = await runStep(
      failureStep(
        { desk, github },
        {
          priority: 'high',
          assignment_team: 'Platform',
          custom_fields: `service: checkout\nleaked: ${SECRET}`,
          ticket_url_template: 'https://desk.example/t/{ticket_id}',
          timeout_seconds: '3',
        },
      ),
    )
    expect(result.code).toBe(0)
    const id = result.outputs.ticket_id
    const summary = result.summary
    expect(summary).toContain('### LiveDesk ticket opened')
    expect(summary).toContain('**Decision:** opened: this run had no ticket yet (a re-run of it updates this one).')
    expect(summary).toContain(`| **Ticket** | [\`${id}\`](https://desk.example/t/${id}) |`)
    expect(summary).toContain('| **Priority** | high |')
    expect(summary).toContain('| **Team** | Platform |')
    expect(summary).toContain('| **Requester** | euid contact_1 |')
    expect(summary).toContain('| service | checkout |')
    expect(summary).toContain('| github_run_id | 1658821493 |')
    // A secret among the fields sent is masked, as everywhere.
    expect(summary).toContain('| leaked | *** |')
    expect(summary).not.toContain(SECRET)
    expect(summary).toContain('**Failed jobs** listed in the ticket:')
    expect(summary).toContain('— failed steps: `Run yarn run format-check`')
    // Every warning of the run, as the log words it.
    const warned = warningsOf(result)
    expect(warned.length).toBeGreaterThan(0)
    expect(summary).toContain('**Warnings** (as in the log):')
    expect(summary).toContain('- LiveDesk ticket: log lines not read: The failing log lines of')
  })

  it.each([
    [{}, 'opened: this run had no ticket yet (a re-run of it updates this one).'],
    [{ dedupe: 'off' }, 'opened: dedupe is off, so every run opens a ticket of its own.'],
    [{ dedupe: 'branch' }, 'opened: no open ticket was found for this workflow on this branch.'],
    [{ dedupe_key: 'nightly-main' }, 'opened: no open ticket was found under this dedupe_key.'],
  ])('the decision says how earlier tickets were looked for: %j', async (extra, decision) => {
    const h = new RunHistory(github)
    const at = h.begin(7301, 1, 'main')
    const result = await runStep({
      inputs: deskInputs(desk, { title: 'Build failed on main', ...extra }),
      env: at.env,
      githubToken: github.token,
    })
    expect(result.outputs.status).toBe('created')
    expect(result.summary).toContain(`**Decision:** ${decision}`)
  })

  it('a lookup GitHub did not answer: the decision says so, beside its warning, never "none was found"', async () => {
    const h = new RunHistory(github)
    const at = h.begin(7302, 1, 'main')
    github.state.faults.set('workflow-runs', 500)
    const result = await runStep({
      inputs: deskInputs(desk, { title: 'Build failed on main', dedupe: 'branch' }),
      env: at.env,
      githubToken: github.token,
    })
    expect(result.outputs.status).toBe('created')
    expect(result.summary).toContain(
      '**Decision:** opened: earlier tickets could not be looked up (see the warnings), so a new one was opened.',
    )
    expect(result.summary).toContain(
      '- LiveDesk ticket: earlier tickets not looked up: An earlier ticket for this failure could not be looked up',
    )
  })

  it.each([
    ['a ticket', {}, 0],
    ['a dry run', { dry_run: 'true' }, 0],
    ['a failure', { priority: 'urgent' }, 1],
  ])('outputs that cannot be written (%s): the warning is in the summary too', async (_what, extra, code) => {
    const result = await runStep({
      inputs: deskInputs(desk, { title: 'Build failed on main', ...extra }),
      env: { GITHUB_OUTPUT: '/nonexistent/folder/output' },
    })
    expect(result.code).toBe(code)
    expect(result.summary).toMatch(/^- LiveDesk ticket: outputs not written: .*could not be written to /m)
  })

  it('after a wait (open_after): the count, the runs, why nothing was sent, and the warnings', async () => {
    const h = new RunHistory(github)
    const at = h.begin(7401, 1, 'main')
    github.state.faults.set('jobs', 500)
    const result = await runStep({
      inputs: deskInputs(desk, { title: 'Nightly failing', dedupe: 'branch', open_after: '2' }),
      env: at.env,
      githubToken: github.token,
    })
    expect(result.outputs.status).toBe('waiting')
    expect(result.summary).toContain('### LiveDesk ticket: not yet (failure 1 of 2 in a row)')
    expect(result.summary).toContain('Nothing was sent to LiveDesk.')
    expect(result.summary).toContain('- LiveDesk ticket: failed jobs not listed: The failed jobs could not be read')
  })

  it('after a failure: the reason, everything to file it by hand, and the warnings before it', async () => {
    github.state.faults.set('jobs', 500)
    desk.overrides.push((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 3003, message: 'assignment_team does not exist' }))
    })
    const result = await runStep(failureStep({ desk, github }, { assignment_team: 'Nobody' }))
    expect(result.code).toBe(1)
    expect(result.summary).toContain('### LiveDesk ticket NOT opened')
    expect(result.summary).toContain('assignment_team does not exist')
    expect(result.summary).toContain('- LiveDesk ticket: failed jobs not listed: The failed jobs could not be read')
  })
})
