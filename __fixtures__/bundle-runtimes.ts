// After the tests that run dist/index.js (jest's globalTeardown of the "processes" project): which
// Node versions ran it, so a run on this machine's Node alone is seen, not assumed away.
import { execFileSync } from 'node:child_process'
import { relative } from 'node:path'
import { runtimes } from '../scripts/ensure-node24.mjs'
import { BUNDLE, ROOT } from './run-action.mjs'

export default function bundleRuntimes(): void {
  const versions = runtimes().map(([, node]) => {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
    return `${version} (${node === process.execPath ? 'this machine' : "action.yml's runs.using"})`
  })
  const bundle = BUNDLE.startsWith(ROOT) ? relative(ROOT, BUNDLE) : BUNDLE
  const only = versions.length === 1 ? ' only: no Node 24 was found (NODE24_BIN, .ci/node24)' : ''
  console.log(`\nThe end-to-end tests ran ${bundle} on Node ${versions.join(' and ')}${only}.`)
}
