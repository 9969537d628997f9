// An answer with no body, or none but markup, says so: "HTTP 404: an empty answer", not a
// dangling "HTTP 404: non-JSON answer: ".
import { describe, expect, it } from '@jest/globals'
import { interpretResponse } from '../../src/livedesk/answer.js'
import { LiveDeskError } from '../../src/livedesk/errors.js'
import { rejection } from '../../__fixtures__/rejection.js'

const statusLineOf = async (status: number, body: string): Promise<string> =>
  (await rejection((async () => interpretResponse({ status, headers: {}, body }))(), LiveDeskError)).statusLine

describe('an answer without text', () => {
  it.each([
    [404, '', 'HTTP 404: an empty answer'],
    [200, '  \r\n', 'HTTP 200: an empty answer'],
    [502, '<html><body></body></html>', 'HTTP 502: a non-JSON answer without text'],
    [502, '<h1>Bad Gateway</h1>', 'HTTP 502: non-JSON answer: Bad Gateway'],
  ])('HTTP %i %j', async (status, body, expected) => {
    expect(await statusLineOf(status, body)).toBe(expected)
  })
})
