// Build-time stand-in for @octokit/plugin-rest-endpoint-methods (tsconfig "paths"), which @actions/github's
// getOctokit applies to every Octokit: its table of every REST endpoint (about 1,000) was 80 KB of the
// Octokit chunk and 5 ms of every run that calls GitHub (measured). The action calls GitHub through
// octokit.request with the route, as GitHub's REST documentation writes it; `octokit.rest` is here only
// to say so if anything reaches for it. See CONTRIBUTING.md, "Dependencies, and why".
export interface Api {
  rest: Record<string, never>
}

export function restEndpointMethods(): Api {
  const refuse = (_target: object, scope: string | symbol): undefined => {
    // Symbols and `then` are how inspection and `await` look at any object: answered, not refused.
    if (typeof scope === 'symbol' || scope === 'then') return undefined
    throw new Error(
      `octokit.rest.${scope} is not bundled with this action: call octokit.request with the route (see its README).`,
    )
  }
  return { rest: new Proxy({}, { get: refuse }) }
}
restEndpointMethods.VERSION = 'stand-in'
