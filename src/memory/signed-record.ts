// A signed record: one line that names a scope's ticket where later runs read it back (a notice
// annotation of the run, or a check run on the reported commit). Anyone who can print to a build log
// or create a check run can write such a line, so a record counts only when its signature checks:
// HMAC-SHA256 keyed by api_secret over the repository, the scope's key, the value, and the place it
// was written for (the run, or the commit), so a record copied to another run or commit does not check.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { isUsableTicketId } from '../livedesk/ticket.js'

/** Where a record was written: the run whose annotations hold it, or the commit whose check run does. */
export type RecordPlace = { run: string } | { commit: string }

export interface RecordSigner {
  /** The record of `value`, written for `place`. */
  line(value: string, place: RecordPlace): string
  /**
   * The newest value signed for `place` among these texts (the newest last), or undefined. A record
   * of this scope that does not check names `where` in `forged`, once.
   */
  read(texts: string[], place: RecordPlace, where: string, forged: string[]): string | undefined
}

const RECORD =
  /livedesk-ticket-action v1 key=([0-9a-f]{16}) ticket=(\S{1,128}) (?:run=(\d{1,20})|commit=([0-9a-f]{40}(?:[0-9a-f]{24})?)) sig=([A-Za-z0-9_-]{43})/g

/** Records of one scope; the value is any usable ticket id (one word of printable ASCII). */
export function recordSigner(repository: string, scopeKey: string, secret: string): RecordSigner {
  const digest = createHash('sha256').update(scopeKey).digest('hex').slice(0, 16)
  // A run's records keep the form of version 1.0 (its tickets are still found): the run id alone.
  const bound = (place: RecordPlace): string => ('run' in place ? place.run : `commit ${place.commit}`)
  const sign = (value: string, place: RecordPlace): string =>
    createHmac('sha256', secret)
      .update(`livedesk-ticket-action/v1\n${repository}\n${scopeKey}\n${value}\n${bound(place)}`)
      .digest('base64url')
  const written = (place: RecordPlace): string => ('run' in place ? `run=${place.run}` : `commit=${place.commit}`)
  return {
    line: (value, place) =>
      `livedesk-ticket-action v1 key=${digest} ticket=${value} ${written(place)} sig=${sign(value, place)}`,
    read(texts, place, where, forged) {
      for (const text of [...texts].reverse()) {
        for (const m of [...text.matchAll(RECORD)].reverse()) {
          const [, key, value, run, commit, sig] = m
          if (key !== digest) continue
          const expected = Buffer.from(sign(value, place))
          const given = Buffer.from(sig)
          const samePlace = 'run' in place ? run === place.run : commit === place.commit
          if (
            !samePlace ||
            !isUsableTicketId(value) ||
            given.length !== expected.length ||
            !timingSafeEqual(given, expected)
          ) {
            // Named once a place: a log can hold a hundred thousand of them.
            if (!forged.includes(where)) forged.push(where)
            continue
          }
          return value
        }
      }
      return undefined
    },
  }
}
