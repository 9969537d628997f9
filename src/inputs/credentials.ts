// The credentials family: the LiveDesk key and secret, and the GitHub token. Each was masked when it
// was read (read-inputs.ts), before anything could print it.
import type { InputReader } from './input-reader.js'
import { textValue } from './read-inputs.js'

export interface Credentials {
  apiKey: string
  apiSecret: string
  githubToken: string
}

export function readCredentials(input: InputReader): Credentials {
  const apiKey = input.text('api_key')
  const apiSecret = input.text('api_secret')
  const { problems } = input
  if (!apiKey) problems.add('api_key: is required. Pass it from a secret: api_key: ${{ secrets.LIVEDESK_API_KEY }}.')
  if (!apiSecret)
    problems.add('api_secret: is required. Pass it from a secret: api_secret: ${{ secrets.LIVEDESK_API_SECRET }}.')
  if (apiKey.includes(':')) problems.add('api_key: must not contain ":" (LiveDesk joins key and secret with ":").')
  // Only `with:` sets the token, as text; empty is allowed (what needs it says so where it is needed).
  return { apiKey, apiSecret, githubToken: textValue(input.given('github_token')) }
}
