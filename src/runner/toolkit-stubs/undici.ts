// Build-time stand-in for undici (tsconfig "paths"): @actions/github imports its fetch only as
// Octokit's default, and the action always passes its own fetch. See CONTRIBUTING.md, "Dependencies, and why".
export function fetch(): never {
  throw new Error('undici is not bundled with this action (see its README).')
}
