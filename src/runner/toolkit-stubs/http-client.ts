// Build-time stand-in for @actions/http-client (tsconfig "paths"): see CONTRIBUTING.md, "Dependencies, and why".
// @actions/core imports it only for getIDToken (OIDC), which this action never calls; @actions/github
// asks it for a proxy agent when it is loaded, and the action always passes its own fetch.
export class HttpClient {
  getAgent(): undefined {
    return undefined
  }

  getAgentDispatcher(): undefined {
    return undefined
  }

  getJson(): never {
    throw new Error('@actions/http-client is not bundled with this action (see its README).')
  }
}
