// The stand-ins a test file talks to: started once per file, emptied before each test.
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.mjs'
import { startLiveDeskStandIn, type LiveDeskStandIn } from './livedesk-stand-in.mjs'

export const KEY = 'lk_live_7f3a9c2e'
export const SECRET = 'sk_9b8e7d6c5b4a3f2e1d0c'
export const BASIC = Buffer.from(`${KEY}:${SECRET}`).toString('base64')

/** A handle usable at the top of a file; it reaches the server the hooks start (beforeAll). */
function lazy<T extends object>(start: () => Promise<T & { reset(): void; close(): Promise<unknown> }>): T {
  let server: (T & { reset(): void; close(): Promise<unknown> }) | undefined
  beforeAll(async () => {
    server = await start()
  })
  afterAll(() => server?.close())
  beforeEach(() => server?.reset())
  return new Proxy({} as T, { get: (_target, key) => Reflect.get(server as object, key) })
}

export function useLiveDesk(apiKey = KEY, apiSecret = SECRET): LiveDeskStandIn {
  return lazy(() => startLiveDeskStandIn({ apiKey, apiSecret }))
}

export function useGitHub(): GitHubStandIn {
  return lazy(() => startGitHubStandIn())
}

/** The stand-ins a step is pointed at: where they listen, and GitHub's token. */
export interface StandIns {
  desk: { url: string }
  github: { url: string; token: string }
}

/** What every step gives to reach `desk`: KEY and SECRET, its URL, and a requester (contact_1); `more` on top. */
export function deskInputs(desk: { url: string }, more: Record<string, string> = {}): Record<string, string> {
  return { api_key: KEY, api_secret: SECRET, base_url: desk.url, requester_euid: 'contact_1', ...more }
}

/** The inputs of a plain step against `desk` (no jobs read): the hostile-input tests start from it. */
export function plainStep(desk: { url: string }): Record<string, string> {
  return deskInputs(desk, { requester_euid: 'contact_12345', title: 'Build failed on main', failed_jobs: 'false' })
}
