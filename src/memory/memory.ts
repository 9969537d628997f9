// memory/ owns where a subject's ticket is remembered on the GitHub side; it must not know how LiveDesk is called.
// Where a subject's ticket is remembered, on the GitHub side (LiveDesk has no search): the plan
// reads it before it decides to create or update, and the executor writes it after a ticket is written.
// Each kind of memory is a module of its own here.
import type { WorkflowRun } from '../github/shapes.js'

/** What a memory recalls: the ticket the subject already has, and the runs it listed to look for it. */
export interface Recalled {
  ticketId?: string
  /**
   * The workflow's newest runs on the branch (or of any branch, for a dedupe_key), newest first, as
   * GitHub listed them for the lookup; undefined when they were not listed.
   */
  runs?: WorkflowRun[]
  /**
   * A recovery's lookup stopped at the listing: the run before this one passed, so its recovery step
   * had this one's place and nothing is left to note.
   */
  passedBefore?: WorkflowRun
  /** The ticket was found in this run's own earlier attempt: the same run, the same period. */
  sameRun?: boolean
  /** The lookup failed (a warning said why): no ticket is known, which is not the same as none. */
  unread?: boolean
}

/** A ticket LiveDesk confirmed, as the memory keeps it. */
export interface KeptTicket {
  id: string
  url?: string
  verb: 'opened' | 'updated' | 'recovered'
}

export interface TicketMemory {
  /**
   * The ticket this subject already has (none: it has none), and the runs read on the way. Throws
   * when it cannot tell and a second ticket would be worse than none.
   */
  recall(): Promise<Recalled>
  /**
   * A line for the notice annotation the executor prints for every ticket it opens or updates, where
   * the memory lives in that annotation (a signed record that later runs read back).
   */
  record?(ticketId: string): string | undefined
  /** Keeps a ticket just written so that later runs find it. Never throws: trouble is a warning. */
  remember(ticket: KeptTicket): Promise<void>
}

/** For subjects that are never seen twice (a schedule, a plain ticket): nothing to recall or keep. */
export const NO_MEMORY: TicketMemory = {
  recall: async () => ({}),
  remember: async () => undefined,
}
