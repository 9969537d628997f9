// Build-time stand-in for @actions/exec (tsconfig "paths"): @actions/core imports it only for
// core.platform's details, which this action never reads. See CONTRIBUTING.md, "Dependencies, and why".
export function getExecOutput(): never {
  throw new Error('@actions/exec is not bundled with this action (see its README).')
}
