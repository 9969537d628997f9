// A month in a busy repository, seeded, so that a failure replays (LIVEDESK_MONTH_SEED=<seed> npm run
// test:unit -- busy-month): the CI workflow runs on main (pushes and a nightly schedule), on feature
// branches and for a fork's pull requests from its own main; main breaks and is fixed, tests flake,
// jobs run out of time, people cancel runs, failed runs are re-run days later, and the desk closes
// tickets. Every completed run goes through examples/report-failures.yml's reporter (its failure job
// for every end but success, its recovery job for success, dedupe: branch) against the stand-ins.
// The promises, counted over the month: one open ticket per branch (no duplicate), every failure and
// timeout reported, no cancel reported, a bounded number of GitHub calls a run, one for a recovery
// after a green run.
import { describe, expect, it } from '@jest/globals'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { ciRun, reporterStep, type Triggering } from '../../__fixtures__/workflow-run.js'

const desk = useLiveDesk()
const github = useGitHub()

/** A small seeded generator (mulberry32): the same seed, the same month. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Ending = 'success' | 'failure' | 'timeout' | 'cancel'

interface Place {
  branch: string
  event: string
  fork?: string
  /** Broken code: most of its runs fail until someone fixes it. */
  broken: boolean
}

interface Tally {
  runs: number
  reports: { failures: number; timeouts: number; cancels: number; recoveries: number }
  duplicates: string[]
  unreported: string[]
  recoveriesMissed: string[]
  cancelsReported: string[]
  wrongTicket: string[]
  callsMax: number
  callsTotal: number
  greenRecoveryCallsMax: number
}

/** One month: returns what was counted. */
async function month(seed: number, days = 30): Promise<Tally> {
  const next = random(seed)
  const chance = (p: number): boolean => next() < p
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]
  const h = new RunHistory(github)
  const places: Place[] = [
    { branch: 'main', event: 'push', broken: false },
    { branch: 'main', event: 'schedule', broken: false },
    { branch: 'feature/cart', event: 'push', broken: false },
    { branch: 'feature/search', event: 'push', broken: false },
    { branch: 'release/2.0', event: 'push', broken: false },
    { branch: 'main', event: 'pull_request', fork: 'mallory/checkout-service', broken: false },
  ]
  /** The scope dedupe: branch keys a run by: the branch, a fork's as owner/name:branch. */
  const scopeOf = (p: Pick<Place, 'branch' | 'fork'>): string => (p.fork ? `${p.fork}:${p.branch}` : p.branch)
  /** The ticket the action last opened or updated for a scope. */
  const ticketOf = new Map<string, string>()
  /** Scopes whose open ticket heard of a failure since its last recovery note. */
  const failing = new Set<string>()
  const isOpen = (id: string | undefined): boolean => id !== undefined && desk.tickets.get(id)?.status === 'open'
  /** Completed runs, for re-runs days later. */
  const done: { t: Triggering; place: Place; day: number }[] = []
  const tally: Tally = {
    runs: 0,
    reports: { failures: 0, timeouts: 0, cancels: 0, recoveries: 0 },
    duplicates: [],
    unreported: [],
    recoveriesMissed: [],
    cancelsReported: [],
    wrongTicket: [],
    callsMax: 0,
    callsTotal: 0,
    greenRecoveryCallsMax: 0,
  }
  /** The ending of a run at a place: broken code mostly fails; sound code flakes, times out, is cancelled. */
  const endingAt = (place: Place): Ending => {
    if (place.broken) {
      if (chance(0.25)) place.broken = false
      else return chance(0.15) ? 'timeout' : 'failure'
    } else if (chance(0.05)) {
      place.broken = true
      return 'failure'
    }
    if (chance(0.04)) return 'failure' // a flaky test
    if (chance(0.03)) return 'timeout'
    if (chance(0.04)) return 'cancel'
    return 'success'
  }
  /** The reporter on one completed run (attempt 1, or a re-run), checked against what must happen. */
  const report = async (t: Triggering, ending: Ending, place: Place, day: number): Promise<void> => {
    const at = `day ${day}, run ${t.id} attempt ${t.attempt ?? 1} on ${scopeOf(place)} (${place.event}), ${ending}`
    ciRun(github, { ...t, ...(ending === 'timeout' ? { timedOut: '30m0s' } : {}) })
    const scope = scopeOf(place)
    const open = ticketOf.get(scope)
    const wasOpen = isOpen(open)
    const before = github.requests.length
    // A re-run may be of a run older than the newest the lookup lists: only a first attempt is held to it.
    const previousPassed = (t.attempt ?? 1) === 1 && previousConclusion(t) === 'success'
    const { result } = await reporterStep(
      github,
      desk,
      h,
      t,
      ending === 'success' ? { dedupe: 'branch', mode: 'recovery' } : { dedupe: 'branch' },
    )
    const calls = github.requests.slice(before).filter((r) => !r.path.startsWith('/log-storage/')).length
    tally.runs += 1
    tally.callsTotal += calls
    tally.callsMax = Math.max(tally.callsMax, calls)
    const status = result.outputs.status
    if (ending === 'success') {
      tally.reports.recoveries += 1
      if (status !== 'recovered' && status !== 'none') tally.unreported.push(`${at}: recovery ended ${status}`)
      // The first green run after a failure notes the recovery on the ticket, while the desk keeps it open.
      if (failing.has(scope) && wasOpen && status !== 'recovered') tally.recoveriesMissed.push(`${at}: ${status}`)
      if (status === 'recovered') failing.delete(scope)
      if (previousPassed) tally.greenRecoveryCallsMax = Math.max(tally.greenRecoveryCallsMax, calls)
      return
    }
    if (ending === 'cancel') {
      tally.reports.cancels += 1
      if (status !== 'none') tally.cancelsReported.push(`${at}: ${status}`)
      return
    }
    tally.reports[ending === 'timeout' ? 'timeouts' : 'failures'] += 1
    if (status === 'created' || status === 'updated') failing.add(scope)
    if (status === 'created') {
      if (wasOpen && reachable(open as string, t))
        tally.duplicates.push(`${at}: opened ${result.outputs.ticket_id} while ${open} was open`)
      ticketOf.set(scope, result.outputs.ticket_id)
    } else if (status === 'updated') {
      if (result.outputs.ticket_id !== open)
        tally.wrongTicket.push(`${at}: updated ${result.outputs.ticket_id}, not ${open}`)
    } else tally.unreported.push(`${at}: ${status}`)
  }
  /**
   * How the run that ended last before `t` at its place ended (a re-run ends when its new attempt
   * does); undefined when that run was re-run: a run re-run long after it began may be older than the
   * runs the lookup lists, and then it is not seen.
   */
  const previousConclusion = (t: Triggering): string | undefined => {
    const runs = github.state.workflowRuns.filter(
      (r) =>
        r.workflow === 'ci.yml' &&
        r.id !== t.id &&
        r.conclusion !== 'skipped' &&
        r.head_branch === (t.branch ?? 'main') &&
        r.head_repository?.full_name === (t.fork ?? 'octo-org/checkout-service'),
    )
    const ended = (r: { updated_at?: string }): number => Date.parse(r.updated_at ?? '') || 0
    const last = runs.reduce<(typeof runs)[number] | undefined>(
      (latest, r) => (!latest || ended(r) > ended(latest) ? r : latest),
      undefined,
    )
    return last && last.run_attempt === 1 ? (last.conclusion ?? undefined) : undefined
  }

  /**
   * Whether a ticket can still be found for the branch, as docs/reporter.md bounds the lookup: a run that
   * failed, was cancelled or re-run, and holds its record, is among the branch's 20 newest runs, or
   * among its 30 newest failed or 30 newest cancelled runs (a recovery's record on a green run is for
   * the developer to see). A ticket whose failures were all re-run green, 20 runs ago, is found by
   * nothing: its branch's next failure opens a new ticket (docs/reporter.md, "Where it remembers").
   */
  const reachable = (ticket: string, t: Triggering): boolean => {
    // As GitHub lists them for the lookup: this run among them.
    const runs = github.state.workflowRuns.filter(
      (r) => r.workflow === 'ci.yml' && r.head_branch === (t.branch ?? 'main') && (t.fork ? r.event === t.event : true),
    )
    const inReach = [
      ...runs.slice(0, 20),
      ...runs.filter((r) => r.conclusion === 'failure').slice(0, 30),
      ...runs.filter((r) => r.conclusion === 'cancelled').slice(0, 30),
    ]
      .filter((r) => r.head_repository?.full_name === (t.fork ?? 'octo-org/checkout-service'))
      .filter((r) => r.id !== t.id && (r.conclusion !== 'success' || (r.run_attempt ?? 1) > 1))
    return github.state.checkRuns.some(
      (c) => c.output.summary?.includes(`ticket=${ticket} `) && inReach.some((r) => r.head_sha === c.head_sha),
    )
  }

  let id = 20_000
  for (let day = 1; day <= days; day++) {
    const today = [...places.filter((p) => p.event !== 'schedule'), ...places.filter((p) => p.event === 'schedule')]
    for (let n = 0; n < 11; n++) {
      const place = n === 10 ? today[today.length - 1] : pick(today.slice(0, -1))
      const ending = endingAt(place)
      const t: Triggering = {
        id: ++id,
        conclusion: ending === 'timeout' || ending === 'cancel' ? 'cancelled' : ending,
        branch: place.branch,
        event: place.event,
        ...(place.fork ? { fork: place.fork } : {}),
      }
      await report(t, ending, place, day)
      done.push({ t, place, day })
    }
    // Someone re-runs a run that failed, days later (GitHub allows it for 30 days).
    if (chance(0.5)) {
      const failed = done.filter((d) => d.t.conclusion !== 'success' && (d.t.attempt ?? 1) === 1)
      if (failed.length > 0) {
        const { t, place } = pick(failed)
        const ending: Ending = chance(0.5) ? 'success' : 'failure'
        const again: Triggering = { ...t, attempt: 2, conclusion: ending }
        await report(again, ending, place, day)
        t.attempt = 2
      }
    }
    // The desk works: it closes some open tickets.
    for (const ticket of desk.tickets.values()) if (ticket.status === 'open' && chance(0.2)) ticket.status = 'closed'
  }
  return tally
}

describe('a month in a busy repository', () => {
  const seed = Number(process.env.LIVEDESK_MONTH_SEED ?? 20261207)

  it(`seed ${seed}: one open ticket per branch, every failure and timeout reported, no cancel, bounded calls`, async () => {
    const tally = await month(seed)
    // What happened, for the reader of a failure (and the figures in docs/reporter.md).
    const shown = { seed, ...tally, callsMean: +(tally.callsTotal / tally.runs).toFixed(2) }
    if (process.env.LIVEDESK_MONTH_REPORT) process.stdout.write(`${JSON.stringify(shown)}\n`)
    expect({ ...shown, callsTotal: undefined }).toMatchObject({
      duplicates: [],
      unreported: [],
      recoveriesMissed: [],
      cancelsReported: [],
      wrongTicket: [],
    })
    expect(tally.reports.failures).toBeGreaterThan(20)
    expect(tally.reports.timeouts).toBeGreaterThan(3)
    expect(tally.reports.cancels).toBeGreaterThan(3)
    expect(tally.callsMax).toBeLessThanOrEqual(12)
    expect(tally.greenRecoveryCallsMax).toBeLessThanOrEqual(2)
  }, 120_000)
})
