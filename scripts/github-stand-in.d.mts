import type { IncomingHttpHeaders } from 'node:http'

export interface GitHubRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as GitHub received it
  body: any
}

export interface StandInComment {
  id: number
  body: string
  user: { login: string; type?: string }
  author_association?: string
}

export type Route = 'jobs' | 'issue' | 'list-comments' | 'create-comment' | 'user'

export interface GitHubStandIn {
  url: string
  token: string
  requests: GitHubRequest[]
  state: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jobs as the API returns them
    jobs: any[]
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- issues as the API returns them
    issues: Map<number, any>
    comments: Map<number, StandInComment[]>
    commentAuthor: { login: string; type?: string }
    userLogin: string | undefined
    faults: Map<Route, number | 'hang'>
  }
  reset(): void
  close(): Promise<void>
}

export function startGitHubStandIn(options?: { token?: string }): Promise<GitHubStandIn>
