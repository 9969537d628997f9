// Loaded with `node --import` by `npm run bench`, the same way into the action and into the floor.
// BENCH_RSS_FILE: at exit, write there the peak resident set size (getrusage ru_maxrss, KiB) and the
// CPU time used (user + system, µs), which a busy machine disturbs less than the wall time.
// BENCH_LOADED_FILE: record every file: module the process loads there, one URL a line.
import { writeFileSync } from 'node:fs'
import { register } from 'node:module'

const { BENCH_RSS_FILE, BENCH_LOADED_FILE } = process.env
if (BENCH_RSS_FILE) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(BENCH_RSS_FILE, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`)
  })
}
if (BENCH_LOADED_FILE) register('./bench-probe-hooks.mjs', import.meta.url, { data: { file: BENCH_LOADED_FILE } })
