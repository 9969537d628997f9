// The memory of build failures and schedules (dedupe): a signed record (signed-record.ts) kept where
// later runs read it back. A ticket step in the workflow itself keeps it in its notice annotation
// (run-records.ts); a `workflow_run` reporter on a check run of the reported commit
// (commit-records.ts). What both say when the lookup cannot be made is here: a ticket rather than
// silence, and why.
import { permissionHint } from '../github/errors.js'
import { outsideRun, type GitHubContext } from '../github/context.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { WorkflowRun } from '../github/shapes.js'
import type { Log } from '../runner/runner.js'
import { message } from '../text/message.js'
import type { KeptTicket, Recalled, TicketMemory } from './memory.js'
import type { DedupeScope } from './scope.js'

/** What a store's lookup found: the newest signed value of the scope, and what it read on the way. */
export interface Lookup {
  value?: string
  /** Where the value stands, for the log ("run 12, job \"report\"", "commit c0ffee00c0ff"). */
  where?: string
  /** Places whose records of this scope were not signed with this api_secret. */
  forged: string[]
  /** The workflow's newest runs, as listed for the lookup. */
  runs?: WorkflowRun[]
  /** A recovery's lookup that stopped at the listing: the run before passed. */
  passedBefore?: WorkflowRun
  /** The record found is this very run's, written by an earlier attempt of it. */
  sameRun?: boolean
}

/** A record found: its value, where, and its place in time among the scope's records (ids that grow). */
export interface Hit {
  value: string
  where: string
  order: number
}

/**
 * The newer of two records found: another run's (`other`) and this run's own earlier attempts'
 * (`own`); `sameRun` when this run's own is the newer.
 */
export function newest(
  other: Hit | undefined,
  own: Hit | undefined,
): { value?: string; where?: string; sameRun?: boolean } {
  const mine = own !== undefined && (other === undefined || own.order > other.order)
  const hit = mine ? own : other
  return hit ? { value: hit.value, where: hit.where, ...(mine ? { sameRun: true } : {}) } : {}
}

/** Where a scope's records are kept. */
export interface RecordStore {
  /** Reads the newest record; a recovery may stop at the listing. Throws a GitHubApiError when GitHub cannot be read. */
  find(options: { recovery: boolean }): Promise<Lookup>
  /** The line the notice annotation carries, where the records are notices. */
  noticeLine?(ticketId: string): string | undefined
  /** Writes the record of a ticket just written, where the records are written apart. Never throws. */
  keep?(ticket: KeptTicket, log: Log): Promise<void>
  /** The permissions the store's reads need, for the warning when GitHub refuses. */
  readPermissions: string
  /** Who could write a record that does not check, for the warning that names one. */
  forgeable: string
}

export interface RecordsOptions {
  /** open_after: the failures in a row that open a ticket, named when they cannot be counted. */
  openAfter: number
  /** A recovery step: a lookup may stop when the run before passed. */
  recovery: boolean
}

export function recordsMemory(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  scope: DedupeScope,
  store: RecordStore,
  { openAfter, recovery }: RecordsOptions,
): TicketMemory {
  return {
    record: (ticketId) => store.noticeLine?.(ticketId),

    async recall(): Promise<Recalled> {
      if (scope.note) log.info(scope.note)
      // The first attempt of a run, with dedupe: run, has nothing earlier to look at (a reporter: the
      // first attempt of the run it reports on, reported once).
      if (scope.mode === 'run' && firstAttempt(ctx, scope)) return {}
      const outside = outsideRun(ctx)
      if (outside) {
        log.info(
          `dedupe: this step is not running in a workflow run (${outside}), so there are no earlier tickets to look up.`,
        )
        return {}
      }
      const about = scope.about ?? 'failure'
      if (!api.token) {
        if (about === 'chore')
          throw new ChoreUnreadError(
            'github_token is empty, so the open ticket of this chore cannot be looked up; nothing was opened, since a second ticket beside an open one is what its dedupe_key prevents. Leave github_token to its default (the job\'s token), with "permissions: actions: read, checks: read".',
          )
        log.warning(
          `github_token is empty, so an earlier ticket for this ${about} cannot be looked up; ${newTicket(openAfter)}.`,
          'LiveDesk ticket: earlier tickets not looked up',
        )
        return { unread: true }
      }
      return await lookUp(log, store, scope, { about, openAfter, recovery })
    },

    remember: async (ticket) => store.keep?.(ticket, log),
  }
}

/** The store's answer, read: the ticket found, or when GitHub cannot be read, a warning (a chore: an error). */
async function lookUp(
  log: Log,
  store: RecordStore,
  scope: DedupeScope,
  { about, openAfter, recovery }: RecordsOptions & { about: string },
): Promise<Recalled> {
  try {
    const found = await store.find({ recovery })
    if (found.forged.length > 0) {
      log.warning(
        `Ignored LiveDesk ticket records that do not check here, not signed with this api_secret or copied from another run or commit (${store.forgeable}), in: ${found.forged.join('; ')}.`,
        'LiveDesk ticket: record ignored',
      )
    }
    if (found.value) log.info(`This ${about} already has LiveDesk ticket ${found.value} (recorded in ${found.where}).`)
    return {
      ticketId: found.value,
      runs: found.runs,
      passedBefore: found.passedBefore,
      ...(found.sameRun ? { sameRun: true } : {}),
    }
  } catch (err) {
    const hint = permissionHint(err, store.readPermissions)
    // A failure wants a ticket rather than silence; a chore's open ticket must not get a twin.
    if (about === 'chore')
      throw new ChoreUnreadError(
        `The open ticket of this chore could not be looked up (${message(err)}), so nothing was opened: a second ticket beside an open one is what its dedupe_key prevents. Re-run the job when GitHub answers.${hint}`,
      )
    log.warning(
      `An earlier ticket for this ${about} could not be looked up (${message(err)}), so ${newTicket(openAfter)}.${hint} Or ${scope.mode === 'key' ? 'remove dedupe_key' : 'set dedupe: off'}.`,
      'LiveDesk ticket: earlier tickets not looked up',
    )
    return { unread: true }
  }
}

/** This run's first attempt (and, for a reporter, the reported run's too): nothing was written for it before. */
export function firstAttempt(ctx: GitHubContext, scope: DedupeScope): boolean {
  const first = (attempt: string): boolean => (Number(attempt) || 1) <= 1
  return first(ctx.runAttempt) && (!scope.reporter || first(ctx.reported.runAttempt))
}

/** A chore's lookup could not be made: the step opens nothing (a failure opens a ticket instead). */
export class ChoreUnreadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ChoreUnreadError'
  }
}

/** What happens when the lookup cannot be made: a ticket rather than silence, open_after or not. */
function newTicket(openAfter: number): string {
  return openAfter > 1
    ? `a new ticket is opened without waiting for ${openAfter} failures in a row (open_after), which could not be counted`
    : 'a new ticket is opened'
}
