// Compares builds of the action on the README's quick-start step, to measure one change at a time:
//   node scripts/bench-compare.mjs [--runs N] [--inputs big] [--cpu-prof DIR] dist/index.js /tmp/variant/dist/index.js …
// Runs the bundles in turn (rotating the order each round) N times each after a warm-up, and prints
// each one's median, min, CPU time, peak RSS and the bytes of its own directory's JavaScript it loads.
// --cpu-prof DIR: afterwards, profile each bundle 5 times into DIR/<n>/ (read them with bench-profile.mjs).
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { summarizeProfiles } from './bench-profile.mjs'
import { logText, manyFields, quickStartInputs, round, startBench, stats } from './bench-runs.mjs'

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '15' },
    inputs: { type: 'string', default: 'small' },
    'cpu-prof': { type: 'string' },
  },
})
const RUNS = Math.max(3, Math.min(200, Number(flags.runs) || 15))
const bundles = positionals.map((p) => resolve(p))
if (bundles.length === 0 || bundles.some((b) => !existsSync(b))) {
  console.error(
    'usage: node scripts/bench-compare.mjs [--runs N] [--inputs small|big] path/to/index.js …  (each must exist)',
  )
  process.exit(1)
}

const bench = await startBench()
try {
  const inputs = quickStartInputs(bench.desk.url)
  if (flags.inputs === 'big') {
    inputs.description_file = 'build.log'
    inputs.custom_fields = manyFields(1000)
  }
  const step = bench.scenario('step', inputs)
  writeFileSync(join(step.dir, 'build.log'), logText(1024 * 1024))
  const results = bundles.map(() => [])
  for (const bundle of bundles) await bench.runAction(step, { bundle })
  await bench.runFloor(step)
  const floor = []
  for (let round = 0; round < RUNS; round++) {
    for (let k = 0; k <= bundles.length; k++) {
      const i = (k + round) % (bundles.length + 1)
      if (i === bundles.length) floor.push(await bench.runFloor(step))
      else results[i].push(await bench.runAction(step, { bundle: bundles[i] }))
    }
  }
  const floorStats = stats(floor)
  console.log(
    `${RUNS} runs each, ${flags.inputs} step; floor median ${floorStats.medianMs} ms, CPU ${floorStats.medianCpuMs} ms, peak RSS ${(floorStats.medianRssKiB / 1024).toFixed(1)} MiB`,
  )
  for (const [i, bundle] of bundles.entries()) {
    const s = stats(results[i])
    const loaded = await bench.loadedFiles(step, dirname(bundle), bundle)
    const bytes = loaded.reduce((t, f) => t + f.bytes, 0)
    if (flags['cpu-prof']) {
      const dir = join(resolve(flags['cpu-prof']), String(i))
      for (let k = 0; k < 5; k++)
        await bench.runAction(step, {
          bundle,
          nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100'],
        })
      const p = summarizeProfiles(readdirSync(dir).map((f) => join(dir, f)))
      console.log(`  profile (${dir}): ${p.groups.map((g) => `${g.name} ${g.ms}`).join('; ')}`)
    }
    console.log(
      `${bundle}\n  median ${s.medianMs} ms (x${round(s.medianMs / floorStats.medianMs, 2)} the floor), min ${s.minMs} ms, CPU ${s.medianCpuMs} ms (x${round(s.medianCpuMs / floorStats.medianCpuMs, 2)}), peak RSS ${(s.medianRssKiB / 1024).toFixed(1)} MiB, loads ${(bytes / 1000).toFixed(0)} KB of JavaScript (${loaded.map((f) => f.name).join(', ')})`,
    )
  }
} catch (err) {
  console.error(`bench-compare: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
} finally {
  await bench.close()
}
