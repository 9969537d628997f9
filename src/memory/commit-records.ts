// A `workflow_run` reporter's memory: a check run named "LiveDesk ticket" on the reported commit,
// whose summary holds the signed record (checks: write), as test-report actions record their results
// from workflow_run. A check run stays with its commit (GitHub keeps checks 400 days), whatever else
// runs in the repository: a re-run 30 days later reads its own commit (one call); the branch's next
// failure reads the commits of the branch's previous failures, found with one listing of the watched
// workflow's runs on the branch. A developer sees the check, with the ticket's link, on the commit.
import { listCheckRunsNamed, createCheckRun } from '../github/checks.js'
import type { GitHubContext } from '../github/context.js'
import { permissionHint } from '../github/errors.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import { markdownText, quiet } from '../text/markdown.js'
import { message } from '../text/message.js'
import { oneLine } from '../text/server-text.js'
import { earlierRuns, failedRuns, newestRuns, passedBefore, type RunsOf } from './earlier-runs.js'
import type { KeptTicket } from './memory.js'
import { newest, type Hit, type RecordStore } from './records-memory.js'
import { withinLookup } from './run-records.js'
import type { DedupeScope } from './scope.js'
import { recordSigner } from './signed-record.js'

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
  const signer = recordSigner(ctx.repository, scope.key, secret)
  const run = ctx.reported
  return {
    readPermissions: 'actions: read, checks: read',

    async find({ recovery }) {
      const forged: string[] = []
      const lookup = withinLookup(api)
      const read = new Set<string>()
      /** The newest record of the scope on a commit, and its check run's id (ids grow with time). */
      const readCommit = async (sha: string | undefined): Promise<Hit | undefined> => {
        if (!sha || read.has(sha)) return undefined
        read.add(sha)
        const where = `the check run "${CHECK_NAME}" of commit ${sha.slice(0, 12)}`
        for (const check of await listCheckRunsNamed(lookup, ctx.repository, sha, CHECK_NAME)) {
          const value = signer.read([check.output?.summary ?? ''], { commit: sha }, where, forged)
          if (value) return { value, where, order: check.id }
        }
        return undefined
      }
      // A re-run (of the reported run, or of the reporter) may find an earlier attempt's record on its own commit.
      const rerun = (Number(run.runAttempt) || 1) > 1 || (Number(ctx.runAttempt) || 1) > 1
      const own = async (): Promise<Hit | undefined> => (rerun ? readCommit(run.sha) : undefined)
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
      // A failure lists the failed runs at once; a recovery only when the run before did not pass.
      const failed = recovery ? undefined : failedRuns(lookup, of)
      const runs = await newestRuns(lookup, of)
      const before = recovery ? passedBefore(runs, run.runId, source) : undefined
      if (before) return { runs, passedBefore: before, forged }
      let found: Hit | undefined
      for (const earlier of await earlierRuns(lookup, of, runs, {
        everyRun: false,
        max: COMMITS_READ,
        source,
        failed,
      })) {
        if ((found = await readCommit(earlier.head_sha))) break
      }
      return { ...newest(found, await own()), runs, forged }
    },

    async keep(ticket, log) {
      if (!run.sha) return
      try {
        await createCheckRun(api, ctx.repository, {
          name: CHECK_NAME,
          sha: run.sha,
          title: `LiveDesk ticket ${ticket.id} ${ticket.verb === 'recovered' ? 'noted the recovery' : ticket.verb}`,
          summary: `${checkSummary(ctx, ticket)}\n\n<!-- ${signer.line(ticket.id, { commit: run.sha })} -->\n`,
          detailsUrl: ticket.url ?? (ctx.runUrl || undefined),
        })
      } catch (err) {
        log.warning(
          `LiveDesk ticket ${ticket.id} was ${ticket.verb}, but its record could not be kept on commit ${run.sha.slice(0, 12)} (${message(err)}): a re-run of run ${run.runId} or the branch's next failure will not find it, and opens another ticket.${permissionHint(err, 'checks: write')}`,
          'LiveDesk ticket: not recorded',
        )
      }
    },
  }
}

/** What a developer reads on the commit: the ticket, the run it is about, the reporter's run. */
function checkSummary(ctx: GitHubContext, ticket: KeptTicket): string {
  const run = ctx.reported
  const id = ticket.url ? `[${ticket.id}](${ticket.url})` : `\`${ticket.id}\``
  // The workflow's name is written by whoever wrote the workflow file (a fork's author, say): text only.
  const name = run.workflow ? `${quiet(markdownText(oneLine(run.workflow, 200)))}, ` : ''
  const label = `${name}run ${run.runId}, attempt ${run.runAttempt}`
  const about = run.runUrl ? `[${label}](${run.runUrl})` : label
  const verb = { opened: 'was opened', updated: 'was updated', recovered: 'got the recovery note' }[ticket.verb]
  const by = ctx.runUrl ? ` Reported by [run ${ctx.runId}](${ctx.runUrl}).` : ''
  return `LiveDesk ticket ${id} ${verb} for ${about}.${by}`
}
