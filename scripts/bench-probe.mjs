// Loaded with `node --import` by `npm run bench`, the same way into the action and into the floor.
// BENCH_RSS_FILE: at exit, write there the peak resident set size (getrusage ru_maxrss, KiB) and the
// CPU time used (user + system, µs), which a busy machine disturbs less than the wall time.
// BENCH_LOADED_FILE: record every file: module the process loads there, one URL a line.
import { writeFileSync } from 'node:fs'
import { register } from 'node:module'

// Module hooks, run on Node's module-hooks thread: every file: module loaded (static or dynamic
// import) is appended to the file given at registration. A data: URL, so that thread runs these
// lines alone, not this file again.
const HOOKS = `import { appendFileSync } from 'node:fs'
let file = ''
export function initialize(data) {
  file = data.file
}
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(file, url + '\\n')
  return nextLoad(url, context)
}`

const { BENCH_RSS_FILE, BENCH_LOADED_FILE } = process.env
if (BENCH_RSS_FILE) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(BENCH_RSS_FILE, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`)
  })
}
if (BENCH_LOADED_FILE)
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { file: BENCH_LOADED_FILE } })
