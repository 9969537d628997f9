// The rule for LiveDesk's ticket statuses, of which only "open" is documented: finished only when
// the word says so; every other value, and none, counts as open.
import { expect, it } from '@jest/globals'
import { isOpenStatus } from '../../src/livedesk/status.js'

/** Words that say the ticket is finished, in any case, with spaces around. */
const FINISHED = [
  'closed',
  'Closed',
  'CLOSE',
  'resolved',
  'solved',
  'done',
  'completed',
  'complete',
  'cancelled',
  'canceled',
  'archived',
  'deleted',
  'spam',
  'merged',
  'finished',
  'rejected',
  ' closed ',
]

/** Everything else: LiveDesk's documented "open", words of a ticket still worked on, none, and words not known yet. */
const STILL_OPEN = [
  'open',
  'Open',
  'pending',
  'on hold',
  'on_hold',
  'in progress',
  'In-Progress',
  'new',
  'waiting',
  'reopened',
  'unclosed',
  'closed-ish',
  '',
  'something LiveDesk adds later',
]

it.each(FINISHED)('%j is finished', (status) => expect(isOpenStatus(status)).toBe(false))
it.each(STILL_OPEN)('%j counts as open', (status) => expect(isOpenStatus(status)).toBe(true))
