// The rule for LiveDesk's ticket statuses, of which only "open" is documented: finished only when
// the word says so; every other value, and none, counts as open.
import { expect, it } from '@jest/globals'
import { isOpenStatus } from '../../src/livedesk/status.js'

it.each([
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
])('%j is finished', (status) => {
  expect(isOpenStatus(status)).toBe(false)
})

it.each([
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
])('%j counts as open', (status) => {
  expect(isOpenStatus(status)).toBe(true)
})
