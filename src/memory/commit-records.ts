// A `workflow_run` reporter's memory: a check run named "LiveDesk ticket" on the reported commit,
// whose summary holds the signed record (checks: write), as test-report actions record their results
// from workflow_run. A check run stays with its commit (GitHub keeps checks 400 days), whatever else
// runs in the repository: a re-run 30 days later reads its own commit (one call); the branch's next
// failure reads the commits of the branch's previous failures, found with one listing of the watched
// workflow's runs on the branch. A developer sees the check, with the ticket's link, on the commit.
import { listCheckRunsNamed, createCheckRun } from '../github/checks.js'
import { branchName, type GitHubContext } from '../github/context.js'
import { permissionHint } from '../github/errors.js'
import { withinLookup, type GitHubApiOptions } from '../github/octokit-client.js'
import { codeText, markdownText, quiet } from '../text/markdown.js'
import { message } from '../text/message.js'
import type { Log } from '../runner/runner.js'
import { oneLine } from '../text/server-text.js'
import { earlierRuns, listRuns, type RunsOf } from './earlier-runs.js'
import type { KeptTicket } from './memory.js'
import { newest, type Hit, type Lookup, type RecordStore } from './records-memory.js'
import type { DedupeScope } from './scope.js'
import { recordSigner, type RecordSigner } from './signed-record.js'

/** The check run's name, the same on every commit: GitHub lists a commit's check runs by it. */
export const CHECK_NAME = 'LiveDesk ticket'
/** Commits of earlier failures read at most, newest first (the newest failure holds the latest record). */
export const COMMITS_READ = 3

export function commitRecords(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  scope: DedupeScope,
  secret: string,
): RecordStore {
  const store: CommitStore = {
    api,
    ctx,
    scope,
    signer: recordSigner(ctx.repository, scope.key, secret),
    held: new Map(),
  }
  return {
    readPermissions: 'actions: read, checks: read',
    forgeable: 'anyone whose workflow may write checks can write one',
    find: ({ recovery }) => findRecord(store, recovery),
    keep: (ticket, log) => keepRecord(store, ticket, log),
  }
}

/** What the reads and the write of one run's records share. */
interface CommitStore {
  api: GitHubApiOptions
  ctx: GitHubContext
  scope: DedupeScope
  signer: RecordSigner
  /** The newest ticket of the scope each commit read holds: a commit that holds this one needs no copy. */
  held: Map<string, string>
}

/** One lookup's reads: the commits read already, and the places that held records that do not check. */
interface Reading {
  lookup: GitHubApiOptions
  read: Set<string>
  forged: string[]
}

async function findRecord(store: CommitStore, recovery: boolean): Promise<Lookup> {
  const { ctx, scope } = store
  const run = ctx.reported
  const reading: Reading = { lookup: withinLookup(store.api), read: new Set(), forged: [] }
  const { forged } = reading
  // A re-run (of the reported run, or of the reporter) may find an earlier attempt's record on its own commit.
  const rerun = (Number(run.runAttempt) || 1) > 1 || (Number(ctx.runAttempt) || 1) > 1
  const own = async (): Promise<Hit | undefined> => (rerun ? readCommit(store, reading, run.sha) : undefined)
  if (scope.mode === 'run') return { ...(await own()), forged }
  const of: RunsOf = {
    repository: ctx.repository,
    workflow: run.workflowId ?? run.workflowFile,
    branch: scope.mode === 'branch' ? run.branch : undefined,
    // A fork's runs are its pull requests': among the branch's of the same name, GitHub lists this repository's too.
    event: run.triggering?.fromFork ? run.eventName || undefined : undefined,
    runId: run.runId,
  }
  const source = run.triggering?.headRepository || undefined
  const listed = await listRuns(reading.lookup, of, { everyRun: false, recovery, rerun, source })
  if (listed.passedBefore) return { runs: listed.newest, passedBefore: listed.passedBefore, forged }
  // The most recently ended run first. Its commit's record is the newest when its own latest report
  // wrote it; when that report wrote nothing (a recovery with nothing to note), the record is older,
  // and the next runs are read too, the newest record winning.
  let found: Hit | undefined
  for (const earlier of earlierRuns(of, listed.all, { everyRun: false, max: COMMITS_READ, source })) {
    const hit = await readCommit(store, reading, earlier.head_sha)
    if (!hit) continue
    found = found && found.order > hit.order ? found : hit
    if (hit.by === reportOf(earlier.id, earlier.run_attempt ?? 1)) break
  }
  return { ...newest(found, await own()), runs: listed.newest, forged }
}

/**
 * The newest record of the scope on a commit, its check run's id (ids grow with time), and the
 * report that wrote it (its external_id: which run and attempt it reported).
 */
async function readCommit(
  store: CommitStore,
  reading: Reading,
  sha: string | undefined,
): Promise<(Hit & { by?: string | null }) | undefined> {
  if (!sha || reading.read.has(sha)) return undefined
  reading.read.add(sha)
  const where = `the check run "${CHECK_NAME}" of commit ${sha.slice(0, 12)}`
  for (const check of await listCheckRunsNamed(reading.lookup, store.ctx.repository, sha, CHECK_NAME)) {
    const value = store.signer.read([check.output?.summary ?? ''], { commit: sha }, where, reading.forged)
    if (!value) continue
    store.held.set(sha, value)
    return { value, where, order: check.id, by: check.external_id }
  }
  return undefined
}

async function keepRecord(store: CommitStore, ticket: KeptTicket, log: Log): Promise<void> {
  const { ctx, scope } = store
  const run = ctx.reported
  const nextTime = scope.mode === 'run' ? `a re-run of run ${run.runId}` : `the next failure on ${branchName(run)}`
  const lost = ticket.verb === 'opened' ? `: ${nextTime} will not find it, and opens another ticket` : ''
  if (!/^[0-9a-f]{40}$/.test(run.sha)) {
    log.warning(
      `LiveDesk ticket ${ticket.id} was ${WORDS[ticket.verb]}, but GitHub's event names no commit for run ${run.runId}, so its record could not be kept${lost}.`,
      'LiveDesk ticket: not recorded',
    )
    return
  }
  // Another update of the ticket this commit already records (a schedule failing on one commit) adds nothing.
  if (ticket.verb === 'updated' && store.held.get(run.sha) === ticket.id) return
  const line = store.signer.line(ticket.id, { commit: run.sha })
  // Hidden as an HTML comment, unless the ticket id could end the comment: then shown, as code.
  const record = /--!?>/.test(line) ? `Record: \`${line}\`` : `<!-- ${line} -->`
  try {
    await createCheckRun(store.api, ctx.repository, {
      name: CHECK_NAME,
      sha: run.sha,
      title: `LiveDesk ticket ${ticket.id} ${WORDS[ticket.verb]}`,
      summary: `${checkSummary(ctx, ticket)}\n\n${record}\n`,
      detailsUrl: ticket.url ?? (ctx.runUrl || undefined),
      externalId: reportOf(run.runId, run.runAttempt),
    })
  } catch (err) {
    log.warning(
      `LiveDesk ticket ${ticket.id} was ${WORDS[ticket.verb]}, but its record could not be kept on commit ${run.sha.slice(0, 12)} (${message(err)})${lost}.${permissionHint(err, 'checks: write')}`,
      'LiveDesk ticket: not recorded',
    )
  }
}

/** The report a check run is, as its external_id says: "run 5001 attempt 2". */
function reportOf(runId: number | string, attempt: number | string): string {
  return `run ${runId} attempt ${Number(attempt) || 1}`
}

/** What happened to the ticket, in a check run's title and a warning. */
const WORDS: Record<KeptTicket['verb'], string> = {
  opened: 'opened',
  updated: 'updated',
  recovered: 'given the recovery note',
}

/** What a developer reads on the commit: the ticket, the run it is about, the reporter's run. */
function checkSummary(ctx: GitHubContext, ticket: KeptTicket): string {
  const run = ctx.reported
  // A ticket id is LiveDesk's word: printable, but it may hold Markdown's characters. As code, it is inert.
  const code = `\`${codeText(ticket.id)}\``
  const id = ticket.url ? `[${code}](${ticket.url})` : code
  // The workflow's name is written by whoever wrote the workflow file (a fork's author, say): text only.
  const name = run.workflow ? `${quiet(markdownText(oneLine(run.workflow, 200)))}, ` : ''
  const label = `${name}run ${run.runId}, attempt ${run.runAttempt}`
  const about = run.runUrl ? `[${label}](${run.runUrl})` : label
  const verb = `was ${WORDS[ticket.verb]}`
  const by = ctx.runUrl ? ` Reported by [run ${ctx.runId}](${ctx.runUrl}).` : ''
  return `LiveDesk ticket ${id} ${verb} for ${about}.${by}`
}
