// Whether a ticket is still open, from LiveDesk's status word. LiveDesk documents one value, "open".
// The rule, for every other value: a ticket is finished only when its status says so in a word a
// help desk uses for it (closed, resolved, solved, done, completed, cancelled, archived, deleted,
// spam, merged); any other status (pending, on hold, in progress, new, one never seen) counts as
// open, and no status at all counts as open too. Updating a ticket someone still works on costs
// little; a second ticket for the same failure is what this action exists to prevent.

const FINISHED = /^(closed?|resolved|solved|done|completed?|cancell?ed|archived|deleted|spam|merged|finished|rejected)$/

/** True unless the status is one of the finished words above (any case, spaces or dashes ignored). */
export function isOpenStatus(status: string): boolean {
  return !FINISHED.test(
    status
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ''),
  )
}
