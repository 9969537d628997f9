// npm run bench: what one step costs, from `node dist/index.js` to exit, next to the floor (a bare
// node:http POST of the same ticket), against the LiveDesk stand-in on 127.0.0.1, on this machine's
// Node and on Node 24 (action.yml's runs.using) when it is installed (.ci/run installs it). Then the
// far desk: the same step with LiveDesk an ocean away and GitHub near, over TLS (scripts/bench-far.mjs),
// beside a bare node:https POST of the same body.
//   --json          print the figures as JSON instead of the report
//   --pairs N       timed rounds of (action, floor, …) after the warm-up (default 15, at least 11)
//   --profile       also profile the action with --cpu-prof and show where the time goes
//   --only 24|this  one runtime only
//   --desk-ms N     the far desk's round trip (default 200; 0: no far-desk run)
//   --github-ms N   GitHub's round trip in the far-desk run (default 20)
//   --far-pairs N   timed rounds of (action, bare POST) in the far-desk run (default 11)
// Exits non-zero only when something fails to run; a missed target is reported, not fatal.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { summarizeProfiles } from './bench-profile.mjs'
import { BUNDLE, logText, manyFields, median, quickStartInputs, ROOT, round, startBench, stats } from './bench-runs.mjs'
import { runtimes } from './runtimes.mjs'

const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean' },
    pairs: { type: 'string', default: '15' },
    profile: { type: 'boolean' },
    only: { type: 'string' },
    'desk-ms': { type: 'string', default: '200' },
    'github-ms': { type: 'string', default: '20' },
    'far-pairs': { type: 'string', default: '11' },
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
const TARGETS = { ratio: 1.8, rssRatio: 1.3, loadedBytes: 600_000, distBytes: 1_000_000, extraMs: 100, farRatio: 1.05 }

if (!existsSync(BUNDLE)) {
  console.error('dist/index.js is missing: run "npm run build" first.')
  process.exit(1)
}

const started = Date.now()
const chosen = runtimes().filter(
  ([label]) => !flags.only || (flags.only === '24' ? label.startsWith('Node 24') : !label.startsWith('Node 24')),
)
if (chosen.length < 2 && !flags.only)
  console.error(
    "bench: no Node 24 at .ci/node24 (bash .ci/run installs it there; or set NODE24_BIN): measuring this machine's Node only.",
  )
const reports = []
try {
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
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
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
