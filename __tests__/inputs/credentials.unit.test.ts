// The credentials family: the LiveDesk key and secret (required, one pair joined by ":") and the GitHub token.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/inputs/problems.js'
import type { InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings } from '../../src/inputs/settings.js'

const ticket: InputValues = { title: 'Disk full', requester_euid: 'c1' }
const KEY_REQUIRED = 'api_key: is required. Pass it from a secret: api_key: ${{ secrets.LIVEDESK_API_KEY }}.'
const SECRET_REQUIRED =
  'api_secret: is required. Pass it from a secret: api_secret: ${{ secrets.LIVEDESK_API_SECRET }}.'
const NO_COLON = 'api_key: must not contain ":" (LiveDesk joins key and secret with ":").'

async function problemsOf(values: InputValues): Promise<string[]> {
  const err = await buildSettings({ ...ticket, ...values }, '/nonexistent').catch((e: unknown) => e)
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`)
  return err.problems
}

describe('api_key and api_secret', () => {
  it.each<[string, InputValues, string[]]>([
    ['neither', {}, [KEY_REQUIRED, SECRET_REQUIRED]],
    ['no secret', { api_key: 'k' }, [SECRET_REQUIRED]],
    ['no key', { api_secret: 's' }, [KEY_REQUIRED]],
    ['a blank key', { api_key: ' \n ', api_secret: 's' }, [KEY_REQUIRED]],
    ['a key with ":"', { api_key: 'user:k', api_secret: 's' }, [NO_COLON]],
    ['a key with ":" and no secret', { api_key: 'a:b' }, [SECRET_REQUIRED, NO_COLON]],
  ])('%s', async (_what, values, problems) => {
    expect(await problemsOf(values)).toEqual(problems)
  })

  it('are trimmed; the GitHub token is trimmed too and may be empty', async () => {
    const settings = await buildSettings(
      { ...ticket, api_key: ' k ', api_secret: '\ts\n', github_token: ' ghs_1 ' },
      '',
    )
    expect([settings.apiKey, settings.apiSecret, settings.githubToken]).toEqual(['k', 's', 'ghs_1'])
    const noToken = await buildSettings({ ...ticket, api_key: 'k', api_secret: 's' }, '')
    expect(noToken.githubToken).toBe('')
  })
})
