// An answer with no body, or none but markup, says so: "HTTP 404: an empty answer", not a
// dangling "HTTP 404: non-JSON answer: ".
import { describe, expect, it } from '@jest/globals'
import { interpretResponse } from '../../src/livedesk/answer.js'
import { LiveDeskError } from '../../src/livedesk/errors.js'

const statusLineOf = (status: number, body: string): string => {
  try {
    interpretResponse({ status, headers: {}, body })
  } catch (err) {
    if (err instanceof LiveDeskError) return err.statusLine
    throw err
  }
  throw new Error('no failure')
}

describe('an answer without text', () => {
  it.each([
    [404, '', 'HTTP 404: an empty answer'],
    [200, '  \r\n', 'HTTP 200: an empty answer'],
    [502, '<html><body></body></html>', 'HTTP 502: a non-JSON answer without text'],
    [502, '<h1>Bad Gateway</h1>', 'HTTP 502: non-JSON answer: Bad Gateway'],
  ])('HTTP %i %j', (status, body, expected) => {
    expect(statusLineOf(status, body)).toBe(expected)
  })
})
