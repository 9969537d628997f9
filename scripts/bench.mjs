// npm run bench [-- MODE] [flags]: what the action costs, against the stand-ins on 127.0.0.1, on this
// machine's Node and on Node 24 (action.yml's runs.using) when it is installed (.ci/run installs it).
//
//   (no mode)   one step, from `node dist/index.js` to exit, next to the floor (scripts/floor.mjs: a
//               bare node:http POST of the same ticket); then the far desk: the same step with LiveDesk
//               an ocean away and GitHub near, over TLS, beside a bare node:https POST of the same body.
//     --json          print the figures as JSON instead of the report
//     --pairs N       timed rounds of (action, floor, …) after the warm-up (default 15, at least 11)
//     --profile       also profile the action with --cpu-prof and show where the time goes
//     --only 24|this  one runtime only
//     --desk-ms N     the far desk's round trip (default 200; 0: no far-desk run)
//     --github-ms N   GitHub's round trip in the far-desk run (default 20)
//     --far-pairs N   timed rounds of (action, bare POST) in the far-desk run (default 11)
//   compare A/index.js B/index.js …   builds of the action on the README's quick-start step, to measure
//               one change at a time: in turn (the order rotating each round) N times each after a
//               warm-up; each one's median, min, CPU time, peak RSS and the bytes of its own
//               directory's JavaScript it loads.
//     --runs N        timed runs of each (default 15)
//     --inputs big    a 1 MiB description_file and 1,000 custom fields instead of the quick-start step
//     --cpu-prof DIR  afterwards, profile each bundle 5 times into DIR/<n>/ and say where the time goes
//   sync        (npm run bench:sync) one scheduled sync (sync: issues) that checks a full run's 50
//               mirrored issues, 10 of them with news (a status change and two desk replies each).
//               Each run starts from the same state (the first run of a round: no earlier run to find,
//               so its place costs one GitHub call). Medians of N runs after one warm-up run: wall
//               time, CPU time, peak RSS, GitHub and LiveDesk calls.
//     --rounds N      runs after the warm-up (default 9; or BENCH_SYNC_ROUNDS)
//   check       one run of every part above, each checked: the action and the floor send the same
//               body, the probe reports memory and CPU, the files a run loads are recorded, a profile's
//               groups add up, the far desk pays its round trips, the sync does its work. Exits 1 when a
//               part does not measure what it says (a few seconds; run it after changing the bench).
//
// Exits non-zero only when something fails to run; a missed target is reported, not fatal.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startGitHubStandIn } from '../__fixtures__/github-stand-in.mjs'
import { startLiveDeskStandIn } from '../__fixtures__/livedesk-stand-in.mjs'
import { runAction } from '../__fixtures__/run-action.mjs'
import {
  BUNDLE,
  logText,
  manyFields,
  median,
  quickStartInputs,
  ROOT,
  round,
  startBench,
  stats,
  summarizeProfiles,
} from './bench-runs.mjs'
import { runtimes } from './ensure-node24.mjs'

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean' },
    pairs: { type: 'string', default: '15' },
    profile: { type: 'boolean' },
    only: { type: 'string' },
    'desk-ms': { type: 'string', default: '200' },
    'github-ms': { type: 'string', default: '20' },
    'far-pairs': { type: 'string', default: '11' },
    runs: { type: 'string', default: '15' },
    inputs: { type: 'string', default: 'small' },
    'cpu-prof': { type: 'string' },
    rounds: { type: 'string', default: process.env.BENCH_SYNC_ROUNDS || '9' },
  },
})
const FAR = {
  deskMs: Math.max(0, Number(flags['desk-ms']) || 0),
  githubMs: Math.max(0, Number(flags['github-ms']) || 0),
}
const FAR_PAIRS = Math.max(3, Math.min(100, Number(flags['far-pairs']) || 11))
const PAIRS = Math.max(11, Math.min(200, Number(flags.pairs) || 15))
const WARMUP = 2
const SCALE_PAIRS = 7
const MEMORY_ROUNDS = 5
const BENCH_BUDGET_MS = 480_000
const DIST = join(ROOT, 'dist')
// ratio: a plain create (the jobs read included) against the floor, set for Node 24 (issue #8);
// farRatio: the same against a bare POST to the far desk (issue #21).
// The sync mode: a full run's mirrored issues, and how many of them have news.
const SYNC_ISSUES = 50
const SYNC_WITH_NEWS = 10
const TARGETS = { ratio: 1.8, rssRatio: 1.3, loadedBytes: 600_000, distBytes: 1_000_000, extraMs: 100, farRatio: 1.05 }

const MODES = { step: benchStep, compare: benchCompare, sync: benchSync, check: benchCheck }
const [mode = 'step', ...paths] = positionals
const started = Date.now()
if (!(mode in MODES) || (mode !== 'compare' && paths.length > 0)) {
  console.error(
    'usage: npm run bench [-- compare A/index.js B/index.js … | sync | check] [flags]; see scripts/bench.mjs',
  )
  process.exit(2)
}
if (mode !== 'compare' && !existsSync(BUNDLE)) {
  console.error('dist/index.js is missing: run "npm run build" first.')
  process.exit(1)
}
try {
  await MODES[mode]()
} catch (err) {
  console.error(`bench${mode === 'step' ? '' : ` ${mode}`}: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
}

/** The default mode: the step's cost next to the floor's, on each runtime, then the far desk. */
async function benchStep() {
  const chosen = runtimes().filter(
    ([label]) => !flags.only || (flags.only === '24' ? label.startsWith('Node 24') : !label.startsWith('Node 24')),
  )
  if (chosen.length < 2 && !flags.only)
    console.error(
      "bench: no Node 24 at .ci/node24 (bash .ci/run installs it there; or set NODE24_BIN): measuring this machine's Node only.",
    )
  const reports = []
  for (const [, node] of chosen) {
    const bench = await startBench({ node })
    let report
    try {
      report = await measure(bench)
    } finally {
      await bench.close()
    }
    if (FAR.deskMs > 0) {
      const far = await startBench({ node, far: FAR })
      try {
        report.far = await measureFar(far)
        report.targets.farRatio = target(TARGETS.farRatio, report.far.ratio)
      } finally {
        await far.close()
      }
    }
    reports.push(report)
  }
  if (flags.json) console.log(JSON.stringify(reports, null, 2))
  else console.log(reports.map(printReport).join('\n\n'))
}

async function measure(bench) {
  const { scenario, runAction, runFloor, timed, loadedFiles } = bench
  const plainInputs = quickStartInputs(bench.desk.url)
  const plain = scenario('plain', plainInputs)
  // The same big ticket with its fields written three ways: each takes its own parsing path.
  const bigShapes = Object.fromEntries(
    ['plain', 'quoted', 'json'].map((shape) => {
      const s = scenario(`big-${shape}`, {
        ...plainInputs,
        description_file: 'build.log',
        custom_fields: manyFields(1000, shape),
      })
      writeFileSync(join(s.dir, 'build.log'), logText(1024 * 1024))
      return [shape, s]
    }),
  )
  const big = bigShapes.plain

  // The same step with failed_jobs: false: one HTTP call, like the floor, instead of two.
  const oneCall = scenario('one-call', { ...plainInputs, failed_jobs: 'false' })
  // The same step with log_lines: 0: the jobs are listed, no job's log is read.
  const noLogs = scenario('no-logs', { ...plainInputs, log_lines: '0' })
  // The same step with dedupe: branch, a first-ever failure: one more GitHub read (the workflow's runs).
  const branch = scenario('dedupe-branch', { ...plainInputs, dedupe: 'branch' })
  // The same with open_after: 2, the first failure of a streak: no ticket yet, and no GitHub read more.
  const openAfter = scenario('open-after', { ...plainInputs, dedupe: 'branch', open_after: '2' })

  // Warm-up: the page cache, the stand-ins, and the exact body the floor will send.
  for (let i = 0; i < WARMUP; i++) {
    await runAction(plain)
    await runFloor(plain)
    await runAction(oneCall)
    await runAction(noLogs)
    await runAction(branch)
    await runAction(openAfter, { waits: true })
  }
  // Timed without the probe (it costs every process ~2 ms); memory and CPU time in rounds of their own.
  const cold = { action: [], floor: [], oneCall: [], noLogs: [], branch: [], openAfter: [], bare: [] }
  const memory = { action: [], floor: [], oneCall: [], noLogs: [], branch: [], openAfter: [], bare: [] }
  const contenders = [
    ['action', (probe) => runAction(plain, { probe })],
    ['floor', (probe) => runFloor(plain, { probe })],
    ['oneCall', (probe) => runAction(oneCall, { probe })],
    ['noLogs', (probe) => runAction(noLogs, { probe })],
    ['branch', (probe) => runAction(branch, { probe })],
    ['openAfter', (probe) => runAction(openAfter, { probe, waits: true })],
    ['bare', (probe) => timed(['-e', ''], plain.env, { probe })],
  ]
  for (const [rounds, into, probe] of [
    [PAIRS, cold, false],
    [MEMORY_ROUNDS, memory, true],
  ]) {
    for (let i = 0; i < rounds; i++) {
      checkBudget()
      // Rotate which goes first, so a drift in the machine's speed falls on all alike.
      for (let k = 0; k < contenders.length; k++) {
        const [name, run] = contenders[(i + k) % contenders.length]
        into[name].push(await run(probe))
      }
    }
  }

  const loaded = await loadedFiles(plain, DIST)
  const distFiles = listFiles(DIST)

  for (const s of Object.values(bigShapes)) await runAction(s)
  await runFloor(big)
  const scale = { small: [], big: [], quoted: [], json: [], floorSmall: [], floorBig: [] }
  for (let i = 0; i < SCALE_PAIRS; i++) {
    checkBudget()
    scale.small.push(await runAction(plain))
    scale.big.push(await runAction(big))
    scale.quoted.push(await runAction(bigShapes.quoted))
    scale.json.push(await runAction(bigShapes.json))
    scale.floorSmall.push(await runFloor(plain))
    scale.floorBig.push(await runFloor(big))
  }

  const profile = flags.profile ? await profileRuns(bench, plain) : undefined

  const both = (name) => ({
    ...stats(cold[name]),
    ...pick(stats(memory[name]), ['medianCpuMs', 'medianRssKiB', 'maxRssKiB']),
    memoryRuns: memory[name].length,
  })
  const a = both('action')
  const b = both('floor')
  const loadedBytes = sum(loaded.map((f) => f.bytes))
  const distJs = distFiles.filter((f) => f.name.endsWith('.js'))
  const smallMs = median(scale.small.map((r) => r.ms))
  const shapeExtraMs = Object.fromEntries(
    ['big', 'quoted', 'json'].map((k) => [k, round(median(scale[k].map((r) => r.ms)) - smallMs, 1)]),
  )
  // The target holds for the slowest way of writing the fields.
  const extraMs = Math.max(...Object.values(shapeExtraMs))
  return {
    machine: {
      node: await nodeVersion(bench),
      platform: `${process.platform} ${process.arch}`,
      cpus: availableParallelism(),
    },
    pairs: PAIRS,
    coldStart: {
      action: a,
      floor: b,
      actionOneCall: both('oneCall'),
      actionNoLogs: both('noLogs'),
      githubCallsNoLogs: cold.noLogs[0].githubCalls,
      actionDedupeBranch: both('branch'),
      githubCallsDedupeBranch: cold.branch[0].githubCalls,
      actionOpenAfterWaits: both('openAfter'),
      githubCallsOpenAfterWaits: cold.openAfter[0].githubCalls,
      bareNode: both('bare'),
      githubCallsPerRun: cold.action[0].githubCalls,
      ratio: round(a.medianMs / b.medianMs, 3),
      rssRatio: round(a.medianRssKiB / b.medianRssKiB, 3),
    },
    javascript: {
      loadedByPlainCreate: { bytes: loadedBytes, files: loaded },
      distJsBytes: sum(distJs.map((f) => f.bytes)),
      distAllBytes: sum(distFiles.map((f) => f.bytes)),
      distFiles,
    },
    scale: {
      pairs: SCALE_PAIRS,
      smallMs: median(scale.small.map((r) => r.ms)),
      bigMs: median(scale.big.map((r) => r.ms)),
      extraMs: round(extraMs, 1),
      extraMsByShape: { plain: shapeExtraMs.big, quoted: shapeExtraMs.quoted, json: shapeExtraMs.json },
      floorExtraMs: round(median(scale.floorBig.map((r) => r.ms)) - median(scale.floorSmall.map((r) => r.ms)), 1),
      bigRequestBytes: big.bodyBytes,
      bigRssKiB: median(scale.big.map((r) => r.rssKiB)),
    },
    profile,
    targets: {
      ratio: {
        limit: TARGETS.ratio,
        value: round(a.medianMs / b.medianMs, 3),
        pass: a.medianMs / b.medianMs <= TARGETS.ratio,
      },
      rssRatio: {
        limit: TARGETS.rssRatio,
        value: round(a.medianRssKiB / b.medianRssKiB, 3),
        pass: a.medianRssKiB / b.medianRssKiB <= TARGETS.rssRatio,
      },
      loadedBytes: { limit: TARGETS.loadedBytes, value: loadedBytes, pass: loadedBytes <= TARGETS.loadedBytes },
      distBytes: {
        limit: TARGETS.distBytes,
        value: sum(distJs.map((f) => f.bytes)),
        pass: sum(distJs.map((f) => f.bytes)) <= TARGETS.distBytes,
      },
      extraMs: { limit: TARGETS.extraMs, value: round(extraMs, 1), pass: extraMs <= TARGETS.extraMs },
    },
    wallSeconds: round((Date.now() - started) / 1000, 1),
  }
}

/**
 * The far desk: the quick-start step and the bare POST of its body in turn, from spawn to exit; the
 * ratio of the medians, and of each round's pair (the machine's drift falls on both alike).
 */
async function measureFar(bench) {
  const step = bench.scenario('far', quickStartInputs(bench.deskUrl))
  await bench.runAction(step)
  await bench.runFloor(step)
  const action = []
  const floor = []
  for (let i = 0; i < FAR_PAIRS; i++) {
    checkBudget()
    const pair = [
      async () => action.push(await bench.runAction(step, { probe: false })),
      async () => floor.push(await bench.runFloor(step, { probe: false })),
    ]
    for (const run of i % 2 ? pair.reverse() : pair) await run()
  }
  const paired = action.map((a, i) => a.ms / floor[i].ms)
  const a = stats(action)
  const b = stats(floor)
  return {
    ...bench.far,
    pairs: FAR_PAIRS,
    githubCalls: action[0].githubCalls,
    action: pick(a, ['medianMs', 'minMs', 'maxMs']),
    floor: pick(b, ['medianMs', 'minMs', 'maxMs']),
    ratio: round(a.medianMs / b.medianMs, 3),
    pairedRatio: {
      median: round(median(paired), 3),
      min: round(Math.min(...paired), 3),
      max: round(Math.max(...paired), 3),
    },
  }
}

function target(limit, value) {
  return { limit, value, pass: value <= limit }
}

async function nodeVersion(bench) {
  const r = await bench.timed(
    ['-p', 'process.version'],
    { BENCH_RSS_FILE: join(bench.work, 'version-rss') },
    { probe: false },
  )
  return r.stdout.trim()
}

/** --profile: five --cpu-prof runs each of the action and the floor at 100 µs sampling, averaged. */
async function profileRuns(bench, s) {
  const result = {}
  for (const [who, run] of [
    ['action', bench.runAction],
    ['floor', bench.runFloor],
  ]) {
    const dir = join(bench.work, `profiles-${who}`)
    const runs = []
    for (let i = 0; i < 5; i++)
      runs.push(await run(s, { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100'] }))
    result[who] = {
      ...summarizeProfiles(readdirSync(dir).map((f) => join(dir, f))),
      wallMs: round(median(runs.map((r) => r.ms)), 1),
    }
  }
  return result
}

function checkBudget() {
  if (Date.now() - started > BENCH_BUDGET_MS)
    throw new Error(`the benchmark took longer than ${BENCH_BUDGET_MS / 1000} s; the machine is too busy to measure`)
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size, file: statSync(join(dir, name)).isFile() }))
    .filter((f) => f.file)
    .map(({ name, bytes }) => ({ name, bytes }))
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((k) => [k, object[k]]))
}

function sum(values) {
  return values.reduce((total, v) => total + v, 0)
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(0)} KB`
}

function mib(kib) {
  return `${(kib / 1024).toFixed(1)} MiB`
}

function verdict(target) {
  return target.pass ? 'PASS' : 'MISS'
}

function farLines(f, t) {
  const row = (label, x) =>
    `  ${label.padEnd(58)}${`${x.medianMs.toFixed(1)} ms`.padStart(10)}${`${x.minMs.toFixed(1)} ms`.padStart(10)}${`${x.maxMs.toFixed(1)} ms`.padStart(10)}`
  return [
    `Far desk: LiveDesk ${f.deskMs} ms away, GitHub's API and its log storage ${f.githubMs} ms away, all over TLS (a certificate made`,
    `for this run, trusted through NODE_EXTRA_CA_CERTS), ${f.pairs} timed rounds; --desk-ms and --github-ms change the distances`,
    `  ${''.padEnd(58)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`,
    row(`(a) action, as the runner runs it (${f.githubCalls} GitHub calls)`, f.action),
    row('(c) a bare node:https POST of the same body, scripts/floor.mjs', f.floor),
    `  time a/c   ${f.ratio.toFixed(2)}   target <= ${t.limit}   ${verdict(t)}   (round by round: median ${f.pairedRatio.median.toFixed(2)}, ${f.pairedRatio.min.toFixed(2)} to ${f.pairedRatio.max.toFixed(2)})`,
  ]
}

function printReport(r) {
  const { coldStart: c, javascript: js, scale: s, targets: t } = r
  const row = (label, x) =>
    `  ${label.padEnd(48)}${`${x.medianMs.toFixed(1)} ms`.padStart(10)}${`${x.minMs.toFixed(1)} ms`.padStart(10)}${`${x.medianCpuMs.toFixed(1)} ms`.padStart(10)}${mib(x.medianRssKiB).padStart(11)}`
  const lines = [
    `LiveDesk ticket action: one step, from \`node dist/index.js\` to exit (Node ${r.machine.node.replace(/^v/, '')}, ${r.machine.platform}, ${r.machine.cpus} CPUs)`,
    '',
    `Cold start: the README's quick-start step against the stand-ins on 127.0.0.1, ${r.pairs} timed rounds after ${WARMUP} warm-up rounds`,
    `  ${''.padEnd(48)}${'median'.padStart(10)}${'min'.padStart(10)}${'CPU'.padStart(10)}${'peak RSS'.padStart(11)}`,
    row(`(a) action, as the runner runs it`, c.action),
    row('(b) floor, scripts/floor.mjs', c.floor),
    row(`    action with log_lines: 0 (${c.githubCallsNoLogs} GitHub call)`, c.actionNoLogs),
    row('    action with failed_jobs: false', c.actionOneCall),
    row(`    action with dedupe: branch (${c.githubCallsDedupeBranch} GitHub calls)`, c.actionDedupeBranch),
    row(`    …and open_after: 2, waiting (${c.githubCallsOpenAfterWaits} GitHub calls)`, c.actionOpenAfterWaits),
    row('    node -e "" (for reference)', c.bareNode),
    `  (a) calls GitHub ${c.githubCallsPerRun} time(s) (failed_jobs: auto lists the failed jobs; log_lines: 30 reads each failed job's log, a redirect and the storage host) and LiveDesk once; (b) only LiveDesk.`,
    `  time a/b   ${c.ratio.toFixed(2)}   target <= ${TARGETS.ratio}              ${verdict(t.ratio)}`,
    `  RSS  a/b   ${c.rssRatio.toFixed(2)}   target <= ${TARGETS.rssRatio}              ${verdict(t.rssRatio)}`,
    '',
    'JavaScript in dist/ (1 KB = 1000 bytes)',
    `  loaded by a plain create   ${kb(js.loadedByPlainCreate.bytes).padStart(8)}   target <= ${kb(TARGETS.loadedBytes)}   ${verdict(t.loadedBytes)}   (${js.loadedByPlainCreate.files.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ')})`,
    `  all of dist/*.js           ${kb(js.distJsBytes).padStart(8)}   target <= ${kb(TARGETS.distBytes)}   ${verdict(t.distBytes)}   (${js.distFiles.filter((f) => f.name.endsWith('.js')).length} files; ${kb(js.distAllBytes)} with licenses.txt and package.json)`,
    '',
    `Scale: a 1 MiB description_file and 1,000 custom fields (a ${(s.bigRequestBytes / 1048576).toFixed(2)} MiB request) vs the quick-start step, ${s.pairs} pairs`,
    `  small ${s.smallMs.toFixed(1)} ms, big ${s.bigMs.toFixed(1)} ms; extra time by how the fields are written: key: value +${s.extraMsByShape.plain.toFixed(1)} ms, key: "value" +${s.extraMsByShape.quoted.toFixed(1)} ms, JSON +${s.extraMsByShape.json.toFixed(1)} ms`,
    `  the slowest: ${s.extraMs.toFixed(1)} ms more   target <= ${TARGETS.extraMs} ms   ${verdict(t.extraMs)}`,
    `  (the floor sending the same big body takes ${s.floorExtraMs.toFixed(1)} ms more; the action's peak RSS with it: ${mib(s.bigRssKiB)})`,
  ]
  if (r.far) lines.push('', ...farLines(r.far, t.farRatio))
  if (r.profile) {
    const { action, floor } = r.profile
    lines.push(
      '',
      `Where the time goes: node --cpu-prof, ${action.runs} runs each at 100 µs sampling, ms per run`,
      `  action: ${action.wallMs} ms wall, ${action.profiledMs} ms profiled; floor: ${floor.wallMs} ms wall, ${floor.profiledMs} ms profiled`,
      `  ${'action'.padStart(8)}${'floor'.padStart(8)}`,
    )
    const floorMs = new Map(floor.groups.map((g) => [g.name, g.ms]))
    for (const g of action.groups)
      lines.push(`  ${g.ms.toFixed(1).padStart(8)}${(floorMs.get(g.name) ?? 0).toFixed(1).padStart(8)}  ${g.name}`)
  }
  lines.push(
    '',
    `Times: spawn to exit, measured by this process. CPU (user + system) and peak RSS (getrusage ru_maxrss) come from ${MEMORY_ROUNDS} more`,
    `rounds with scripts/bench-probe.mjs loaded by --import into every process alike. ${r.wallSeconds} s in all.`,
  )
  return lines.join('\n')
}

/** compare: builds of the action in turn on one step, beside the floor (see the top of this file). */
async function benchCompare() {
  const RUNS = Math.max(3, Math.min(200, Number(flags.runs) || 15))
  const bundles = paths.map((p) => resolve(p))
  if (bundles.length === 0 || bundles.some((b) => !existsSync(b)))
    throw new Error(
      'usage: npm run bench -- compare [--runs N] [--inputs small|big] [--cpu-prof DIR] path/to/index.js …  (each must exist)',
    )
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
    for (let turn = 0; turn < RUNS; turn++) {
      for (let k = 0; k <= bundles.length; k++) {
        const i = (k + turn) % (bundles.length + 1)
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
  } finally {
    await bench.close()
  }
}

/** sync: one scheduled sync of 50 mirrored issues, 10 with news, on each runtime (see the top of this file). */
async function benchSync() {
  const rounds = Math.max(1, Number(flags.rounds) || 9)
  const lines = [
    `One sync: ${SYNC_ISSUES} mirrored issues checked, ${SYNC_WITH_NEWS} with news (a status and 2 replies each), close_issues and sync_replies on; ${rounds} runs after 1 warm-up`,
  ]
  for (const { label, m } of await syncRuns(rounds))
    lines.push(
      `  ${label.padEnd(36)} ${m('ms').toFixed(0).padStart(5)} ms wall ${m('cpuMs').toFixed(0).padStart(5)} ms CPU ${(m('rssKiB') / 1024).toFixed(1).padStart(6)} MiB peak RSS   GitHub ${m('github')} calls, LiveDesk ${m('desk')}`,
    )
  console.log(lines.join('\n'))
}

/** `rounds` syncs after a warm-up on each runtime, each from the same state; the median of a figure by name. */
async function syncRuns(rounds) {
  const github = await startGitHubStandIn()
  const desk = await startLiveDeskStandIn({ apiKey: 'bench-key', apiSecret: 'bench-secret' })
  const measured = []
  try {
    for (const [label, node] of runtimes()) {
      const runs = []
      for (let i = 0; i <= rounds; i++) {
        seedSync(github, desk)
        const result = await runAction({
          inputs: {
            api_key: 'bench-key',
            api_secret: 'bench-secret',
            base_url: desk.url,
            sync: 'issues',
            sync_replies: 'true',
            close_issues: 'true',
          },
          // The pace GitHub asks of many writes (one a second after the first five) is waiting, not work:
          // left out here, and said beside the figures.
          env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'schedule', LIVEDESK_SYNC_WRITE_INTERVAL_MS: '0' },
          event: { name: 'schedule', payload: { schedule: '17 * * * *' } },
          githubToken: github.token,
          node,
          cpu: true,
        })
        if (
          result.code !== 0 ||
          result.outputs.issues_checked !== String(SYNC_ISSUES) ||
          result.outputs.issues_updated !== String(SYNC_WITH_NEWS)
        ) {
          throw new Error(`the sync did not do its work (exit ${result.code}):\n${result.visibleLog}`)
        }
        if (i > 0)
          runs.push({
            ms: result.durationMs,
            cpuMs: result.cpuMs,
            rssKiB: result.rssKiB,
            github: github.requests.length,
            desk: desk.requests.length,
          })
      }
      measured.push({ label, m: (key) => median(runs.map((r) => r[key])) })
    }
  } finally {
    await github.close()
    await desk.close()
  }
  return measured
}

/** The state of a repository whose 50 mirrored issues wait for the sync. */
function seedSync(github, desk) {
  github.reset()
  desk.reset()
  for (let n = 1; n <= SYNC_ISSUES; n++) {
    const ticketId = `tk_bench_${n}`
    github.state.clock += 1000
    github.state.issues.set(n, {
      number: n,
      title: `Checkout fails for order ${n}`,
      state: 'open',
      labels: [{ name: 'livedesk' }],
      html_url: `https://github.com/octo-org/checkout-service/issues/${n}`,
      updated_at: new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    github.state.comments.set(n, [
      {
        id: n,
        body: `<!-- livedesk-ticket-action ticket_id=${ticketId} -->\nLiveDesk ticket \`${ticketId}\` mirrors this issue.`,
        user: { login: 'github-actions[bot]', type: 'Bot' },
      },
    ])
    const news = n <= SYNC_WITH_NEWS
    desk.tickets.set(ticketId, {
      ticket_id: ticketId,
      status: news ? 'solved' : 'open',
      conversation_list: [
        { id: `${n}-1`, sender: { type: 'contact', name: 'Erika' }, content: 'Any news?' },
        ...(news
          ? [1, 2].map((i) => ({
              id: `${n}-r${i}`,
              sender: { type: 'internal_member', name: 'Dana' },
              content: `Reply ${i}: we are on it.`,
            }))
          : []),
      ],
    })
  }
}

/** check: every part of the bench run once, and what it measures checked (see the top of this file). */
async function benchCheck() {
  const problems = []
  const expect = (ok, what) => ok || problems.push(what)
  const bench = await startBench()
  try {
    // The action and the floor open the same ticket from the same environment; the probe reports.
    const step = bench.scenario('check', quickStartInputs(bench.desk.url))
    const action = await bench.runAction(step)
    const actionBody = bench.desk.requests.at(-1)?.raw
    const floor = await bench.runFloor(step)
    expect(bench.desk.requests.at(-1)?.raw === actionBody, 'the floor did not send the body the action sent')
    for (const [who, run] of [
      ['action', action],
      ['floor', floor],
    ]) {
      expect(run.code === 0, `the ${who} exited with ${run.code}`)
      expect(run.rssKiB > 10_000, `the probe gave the ${who}'s peak RSS as ${run.rssKiB} KiB`)
      expect(run.cpuMs > 0, `the probe gave the ${who}'s CPU time as ${run.cpuMs} ms`)
    }
    // The files a run loads: a plain create reads the run's jobs, so it loads @actions/github's chunks
    // and zod's, which checks the answer's shape; YAML, mustache and the proxy agent are chunks it never reads.
    const loaded = await bench.loadedFiles(step, DIST)
    expect(loaded[0]?.name === 'index.js', `the first file loaded is ${loaded[0]?.name}, not index.js`)
    const lazy = loaded.slice(1).map((f) => readFileSync(join(DIST, f.name), 'utf8'))
    expect(
      lazy.some((text) => text.includes('octokit-core.js')),
      "a plain create did not load Octokit's chunk",
    )
    expect(
      lazy.some((text) => text.includes('$ZodType')),
      "a plain create did not load zod's chunk",
    )
    expect(
      lazy.every((text) => !/parseDocument|mustache|HttpsProxyAgent/.test(text)),
      'a plain create loaded YAML, mustache or the proxy agent',
    )
    const noJobs = bench.scenario('check-no-jobs', { ...quickStartInputs(bench.desk.url), failed_jobs: 'false' })
    const alone = (await bench.loadedFiles(noJobs, DIST)).map((f) => f.name)
    expect(alone.join(', ') === 'index.js', `without the jobs read, a create loaded ${alone.join(', ')}`)
    // A profile's groups add up to the time profiled.
    const dir = join(bench.work, 'profile')
    await bench.runAction(step, { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] })
    const summary = summarizeProfiles(readdirSync(dir).map((f) => join(dir, f)))
    const sum = summary.groups.reduce((total, g) => total + g.ms, 0)
    expect(
      Math.abs(sum - summary.profiledMs) < summary.profiledMs * 0.1 + 1,
      `a profile's groups add up to ${sum} ms of ${summary.profiledMs} ms profiled`,
    )
  } finally {
    await bench.close()
  }
  // The far desk: the action and the bare POST open the same ticket over TLS, each connection paying its round trips.
  const far = await startBench({ far: { deskMs: 60, githubMs: 10 } })
  try {
    expect(/^https:\/\/127\.0\.0\.1:\d+$/.test(far.deskUrl), `the far desk is at ${far.deskUrl}`)
    const step = far.scenario('far', quickStartInputs(far.deskUrl))
    const action = await far.runAction(step)
    const actionBody = far.desk.requests.at(-1)?.raw
    const floor = await far.runFloor(step)
    expect(action.code === 0 && floor.code === 0, `far: the action exited with ${action.code}, the floor ${floor.code}`)
    expect(far.desk.requests.at(-1)?.raw === actionBody, 'far: the floor did not send the body the action sent')
    // A new HTTPS connection: the TCP handshake, TLS, the request: three round trips before the answer.
    expect(floor.ms >= 3 * 60, `far: the bare POST took ${floor.ms} ms, under three round trips of 60 ms`)
    expect(action.githubCalls === 3, `far: the action called GitHub ${action.githubCalls} times, not 3`)
  } finally {
    await far.close()
  }
  // The sync: the place (1 call: no earlier run), the newest issue, one page of issues, 50 pages of
  // comments, and for each of the 10 issues with news: a status, 2 replies and closing.
  for (const { label, m } of await syncRuns(1))
    expect(
      m('github') === 93 && m('desk') === 50,
      `sync on ${label}: GitHub ${m('github')} calls and LiveDesk ${m('desk')}, not 93 and 50`,
    )
  if (problems.length > 0) throw new Error(`what the bench measures is off:\n- ${problems.join('\n- ')}`)
  console.log(
    'bench check: the action, the floor, the probe, the files loaded, the profile, the far desk and the sync measure what they say.',
  )
}
