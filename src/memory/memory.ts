// memory/ owns where a subject's ticket is remembered on the GitHub side; it must not know how LiveDesk is called.
// Where a subject's ticket is remembered, on the GitHub side (LiveDesk has no search): the seam the
// plan reads before it decides to create or update, and the executor writes after a ticket is opened.
// Each kind of memory is a module of its own here.

export interface TicketMemory {
  /**
   * The ticket this subject already has, or undefined when it has none. Throws when it cannot tell
   * and a second ticket would be worse than none.
   */
  recall(): Promise<string | undefined>
  /**
   * A line for the notice annotation the executor prints for every ticket it opens or updates, where
   * the memory lives in that annotation (a signed record that later runs read back).
   */
  record?(ticketId: string): string | undefined
  /** Records a newly opened ticket so that later runs find it. Never throws: trouble is a warning. */
  remember(ticketId: string, url: string | undefined): Promise<void>
}

/** For subjects that are never seen twice (a schedule, a plain ticket): nothing to recall or keep. */
export const NO_MEMORY: TicketMemory = {
  recall: async () => undefined,
  remember: async () => undefined,
}
