// What `npm run bench` (scripts/bench.mjs) is made of: the runs it times, the bundled action and the
// floor (scripts/floor.mjs), each a fresh node process with the environment the runner gives a step,
// against the LiveDesk and GitHub stand-ins on 127.0.0.1 (peak RSS and CPU time from
// scripts/bench-probe.mjs, loaded into both); the far desk's fronts; and the summary of `--cpu-prof`
// profiles.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import tls from 'node:tls'
import { fileURLToPath } from 'node:url'
import { startGitHubStandIn } from '../__fixtures__/github-stand-in.mjs'
import { startLiveDeskStandIn } from '../__fixtures__/livedesk-stand-in.mjs'
import { BUNDLE, ROOT, runnerEnv } from '../__fixtures__/run-action.mjs'
import { selfSignedCert } from '../__fixtures__/self-signed-cert.mjs'

export { BUNDLE, ROOT }
export const FLOOR = join(ROOT, 'scripts', 'floor.mjs')
const PROBE = new URL('./bench-probe.mjs', import.meta.url).href
const RUN_TIMEOUT_MS = 20_000
const GITHUB_TOKEN = 'ghs_bench0000000000000000000000000000'

/**
 * The jobs of a failed run, as the README's `if: failure()` step finds them (failed_jobs: auto): the
 * finished failed job's log (log_lines: 30) comes through the stand-in's redirect to its log storage.
 */
function failedRunJobs(runUrl) {
  const step = (number, name, conclusion) => ({
    number,
    name,
    status: conclusion ? 'completed' : 'in_progress',
    conclusion,
  })
  return [
    {
      id: 101,
      name: 'unit tests',
      status: 'completed',
      conclusion: 'success',
      html_url: `${runUrl}/job/101`,
      steps: [step(1, 'Set up job', 'success'), step(2, 'Run npm test', 'success')],
    },
    {
      id: 102,
      name: 'lint',
      status: 'completed',
      conclusion: 'failure',
      html_url: `${runUrl}/job/102`,
      steps: [step(1, 'Set up job', 'success'), step(2, 'Run npm run lint', 'failure')],
    },
    {
      id: 103,
      name: 'build',
      status: 'in_progress',
      conclusion: null,
      html_url: `${runUrl}/job/103`,
      steps: [
        step(1, 'Set up job', 'success'),
        step(2, 'Run npm run build', 'failure'),
        step(3, 'Open a LiveDesk ticket', null),
      ],
    },
  ]
}

/** The README's quick-start step: what most users run (a small custom_fields mapping, context fields on). */
export function quickStartInputs(baseUrl) {
  return {
    api_key: 'bench-key',
    api_secret: 'bench-secret',
    base_url: baseUrl,
    requester_euid: 'contact_12345',
    title: 'Build failed on main',
    priority: 'high',
    ticket_type: 'incident',
    assignment_team: 'Platform On-Call',
    custom_fields: 'service: checkout\nregion: eu-west\n',
  }
}

/** `count` custom fields as the YAML mapping a user would write. */
/** `count` custom fields written as `key: value`, `key: "value"` or one JSON object. */
export function manyFields(count, shape = 'plain') {
  const pairs = []
  for (let i = 1; i <= count; i++)
    pairs.push([`field_${String(i).padStart(4, '0')}`, `value ${i} of the checkout service`])
  if (shape === 'json') return JSON.stringify(Object.fromEntries(pairs))
  return `${pairs.map(([k, v]) => (shape === 'quoted' ? `${k}: "${v}"` : `${k}: ${v}`)).join('\n')}\n`
}

/** Exactly `bytes` bytes of a build log (ASCII), the size the action sends whole. */
export function logText(bytes) {
  const lines = []
  let size = 0
  for (let i = 1; size < bytes; i++) {
    const line = `2024-05-01T12:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z [build] step ${i}: compiling src/module_${i}.ts ... ok\n`
    lines.push(line)
    size += line.length
  }
  return lines.join('').slice(0, bytes)
}

/**
 * @param {{ node?: string, far?: { deskMs: number, githubMs: number } }} [options] the Node binary every
 *   run of this bench uses (default: this one); `far`: LiveDesk and GitHub's API (and its log storage)
 *   over TLS, that many ms of round trip away (startFarFront below)
 */
export async function startBench({ node = process.execPath, far } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'livedesk-bench-'))
  const desk = await startLiveDeskStandIn({ apiKey: 'bench-key', apiSecret: 'bench-secret' })
  const github = await startGitHubStandIn({ token: GITHUB_TOKEN })
  github.state.jobs = failedRunJobs('https://github.com/octo-org/checkout-service/actions/runs/1658821493')
  // This run, in progress, as GitHub lists it among the workflow's runs (dedupe: branch, open_after).
  github.state.workflowRuns = [
    { id: 1658821493, run_attempt: 1, status: 'in_progress', conclusion: null, head_branch: 'main' },
  ]
  const fronts = far ? await farFronts(work, desk, github, far) : undefined
  const deskUrl = fronts?.desk.url ?? desk.url
  const githubUrl = fronts?.api.url ?? github.url

  /** A step's environment as the runner builds it (see run-action.mjs), in its own workspace. */
  function scenario(name, inputs) {
    const dir = join(work, name)
    mkdirSync(dir)
    // The runner always passes the job's token, so failed_jobs: auto reads the run's jobs.
    const env = {
      ...runnerEnv({ dir, inputs, githubToken: GITHUB_TOKEN, env: { GITHUB_API_URL: githubUrl } }),
      ...(fronts ? { NODE_EXTRA_CA_CERTS: fronts.certFile } : {}),
      BENCH_BODY_FILE: join(dir, 'body.json'),
      BENCH_RSS_FILE: join(dir, 'rss'),
    }
    writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify({ ref: 'refs/heads/main', after: env.GITHUB_SHA }))
    return { name, dir, env, bodyBytes: 0 }
  }

  /**
   * (a) The bundled action, as the runner runs it; fails unless it opened the ticket (`waits`: unless
   * it sent LiveDesk nothing and ended with status waiting, the first failure of a streak).
   */
  async function runAction(s, { bundle = BUNDLE, nodeFlags = [], extraEnv = {}, probe = true, waits = false } = {}) {
    writeFileSync(s.env.GITHUB_OUTPUT, '')
    writeFileSync(s.env.GITHUB_STEP_SUMMARY, '')
    desk.requests.length = 0
    github.requests.length = 0
    const r = await timed([...nodeFlags, bundle], { ...s.env, ...extraEnv }, { probe, node })
    r.githubCalls = github.requests.length
    if (waits) return checkWaited(s, r, bundle)
    const created = desk.creates()[0]
    if (r.code !== 0 || !created || !readFileSync(s.env.GITHUB_OUTPUT, 'utf8').includes('ticket_id<<')) {
      throw new Error(
        `${relative(ROOT, bundle)} did not open the ${s.name} ticket (exit ${r.code}):\n${r.stdout}${r.stderr}`,
      )
    }
    // The floor sends byte for byte what the action sent.
    if (s.bodyBytes === 0) {
      writeFileSync(s.env.BENCH_BODY_FILE, created.raw)
      s.bodyBytes = Buffer.byteLength(created.raw)
    }
    desk.tickets.clear()
    return r
  }

  function checkWaited(s, r, bundle) {
    const status = /^status<<(\S+)\nwaiting\n\1$/m.test(readFileSync(s.env.GITHUB_OUTPUT, 'utf8'))
    if (r.code !== 0 || desk.requests.length > 0 || !status)
      throw new Error(`${relative(ROOT, bundle)} did not wait in ${s.name} (exit ${r.code}):\n${r.stdout}${r.stderr}`)
    return r
  }

  /** (b) The floor: scripts/floor.mjs sends the same body with node:http. */
  async function runFloor(s, { nodeFlags = [], probe = true } = {}) {
    if (s.bodyBytes === 0) throw new Error('the floor runs after the action, which supplies the body')
    desk.requests.length = 0
    const r = await timed([...nodeFlags, FLOOR], s.env, { probe, node })
    if (r.code !== 0 || desk.creates().length !== 1)
      throw new Error(`the floor did not open the ${s.name} ticket (exit ${r.code}):\n${r.stdout}${r.stderr}`)
    desk.tickets.clear()
    return r
  }

  /** The files under `dir` that one run of the bundle loads, recorded by a module hook (untimed). */
  async function loadedFiles(s, dir, bundle = BUNDLE) {
    const list = join(s.dir, 'loaded')
    writeFileSync(list, '')
    await runAction(s, { bundle, extraEnv: { BENCH_LOADED_FILE: list } })
    const urls = [...new Set(readFileSync(list, 'utf8').split('\n').filter(Boolean))]
    return urls
      .map((url) => fileURLToPath(url))
      .filter((path) => path.startsWith(dir))
      .map((path) => ({ name: relative(dir, path), bytes: statSync(path).size }))
  }

  async function close() {
    for (const front of Object.values(fronts ?? {})) if (typeof front === 'object') await front.close()
    await desk.close()
    await github.close()
    rmSync(work, { recursive: true, force: true })
  }

  return {
    desk,
    /** Where the action finds LiveDesk: the stand-in, or its far front. */
    deskUrl,
    far: fronts ? { deskMs: fronts.desk.rttMs, githubMs: fronts.api.rttMs } : undefined,
    node,
    work,
    scenario,
    runAction,
    runFloor,
    timed: (args, env, options = {}) => timed(args, env, { node, ...options }),
    loadedFiles,
    close,
  }
}

/**
 * The far fronts (startFarFront below): LiveDesk `deskMs` away, GitHub's API and its log storage (another
 * host, as on GitHub) `githubMs` away, all https with one certificate made for this bench.
 */
async function farFronts(work, desk, github, { deskMs, githubMs }) {
  const { certFile, cert, key } = selfSignedCert(work)
  const front = (target, rttMs) => startFarFront({ target, rttMs, cert, key })
  const fronts = {
    certFile,
    desk: await front(desk.url, deskMs),
    api: await front(github.url, githubMs),
    storage: await front(github.url, githubMs),
  }
  for (const job of github.state.jobs) github.state.logs.set(job.id, `${fronts.storage.url}/log-storage/${job.id}`)
  return fronts
}

/**
 * One node process, timed from spawn to exit in this process. With `probe`, bench-probe.mjs reports
 * its peak RSS and CPU time; loading it costs ~2 ms, so the timed comparisons run without it.
 */
export async function timed(args, env, { probe = true, node = process.execPath } = {}) {
  rmSync(env.BENCH_RSS_FILE, { force: true })
  const t0 = process.hrtime.bigint()
  const child = spawn(node, [...(probe ? ['--import', PROBE] : []), ...args], {
    env,
    cwd: env.GITHUB_WORKSPACE,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
  const code = await new Promise((resolve) =>
    child.on('close', (c, signal) => resolve(signal ? `killed (${signal})` : c)),
  )
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  clearTimeout(timer)
  const [rssKiB, cpuUs] = existsSync(env.BENCH_RSS_FILE)
    ? readFileSync(env.BENCH_RSS_FILE, 'utf8').split(' ').map(Number)
    : [NaN, NaN]
  return { ms, cpuMs: cpuUs / 1000, rssKiB, code, stdout, stderr }
}

export function stats(runs) {
  const ms = runs.map((r) => r.ms)
  const rss = runs.map((r) => r.rssKiB)
  return {
    runs: runs.length,
    medianMs: round(median(ms), 1),
    minMs: round(Math.min(...ms), 1),
    maxMs: round(Math.max(...ms), 1),
    medianCpuMs: round(median(runs.map((r) => r.cpuMs)), 1),
    medianRssKiB: median(rss),
    maxRssKiB: Math.max(...rss),
  }
}

export function median(values) {
  const s = [...values].sort((x, y) => x - y)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export function round(value, digits) {
  return Math.round(value * 10 ** digits) / 10 ** digits
}

// The far desk: a service across an ocean, on 127.0.0.1. In front of a plain stand-in, a TLS server
// with a self-signed certificate made at bench time (the key never leaves the bench's temporary
// folder; processes trust it through NODE_EXTRA_CA_CERTS), and in front of that a TCP proxy that
// delays every chunk half a round trip each way and a connection's first chunk a round trip more (the
// TCP handshake a real connection pays before its first byte). So a new HTTPS connection costs three
// round trips before its answer (TCP, TLS 1.3, the request), as it does to a real far host, and a
// kept connection one.
/**
 * An https:// address `rttMs` away that serves what the plain server at `target` (http://127.0.0.1:port)
 * serves.
 * @param {{ target: string, rttMs: number, cert: string, key: string }} options
 */
export async function startFarFront({ target, rttMs, cert, key }) {
  const targetPort = Number(new URL(target).port)
  const sockets = new Set()
  // No Nagle anywhere on the way: on loopback it waits for a delayed ACK (40 ms), which is no distance.
  const track = (socket) => {
    socket.setNoDelay(true)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    return socket
  }
  // TLS ends here; the plain bytes go on to the stand-in.
  const tlsServer = tls.createServer({ cert, key }, (secure) => {
    track(secure)
    const plain = track(net.connect(targetPort, '127.0.0.1'))
    secure.pipe(plain).pipe(secure)
    secure.on('close', () => plain.destroy())
    plain.on('close', () => secure.destroy())
  })
  tlsServer.on('tlsClientError', () => undefined)
  await listen(tlsServer)
  const tlsPort = tlsServer.address().port
  const proxy = net.createServer((client) => {
    track(client)
    const server = track(net.connect(tlsPort, '127.0.0.1'))
    delayed(client, server, rttMs / 2, rttMs)
    delayed(server, client, rttMs / 2, 0)
  })
  await listen(proxy)
  return {
    url: `https://127.0.0.1:${proxy.address().port}`,
    rttMs,
    close: async () => {
      for (const s of sockets) s.destroy()
      await Promise.all([close(proxy), close(tlsServer)])
    },
  }
}

/** Copies `from` to `to`, each chunk `oneWayMs` late (the first `firstExtraMs` more), in order; the end too. */
function delayed(from, to, oneWayMs, firstExtraMs) {
  // One queue and one timer a direction: timers of different lengths due at the same ms may fire in either order.
  const queue = []
  let timer
  let first = true
  const drain = () => {
    timer = undefined
    while (queue.length > 0 && queue[0].due <= Date.now()) queue.shift().act()
    if (queue.length > 0) timer = setTimeout(drain, queue[0].due - Date.now())
  }
  const later = (act) => {
    queue.push({ due: Date.now() + oneWayMs + (first ? firstExtraMs : 0), act })
    first = false
    timer ??= setTimeout(drain, queue[0].due - Date.now())
  }
  from.on('data', (chunk) => later(() => to.writable && to.write(chunk)))
  from.on('end', () => later(() => to.end()))
  // A connection lost (not ended) is lost on the other side too.
  from.on('close', () => later(() => to.writableEnded || to.destroy()))
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
}

function close(server) {
  return new Promise((resolve) => server.close(() => resolve(undefined)))
}

// Reads `node --cpu-prof` profiles of the action and sums their samples into a few groups that say
// where a step's time goes. Each sample is put in the first group whose rule matches its stack.

// What a lazily loaded ncc chunk (N.index.js) holds, told by a name only that library defines.
const CHUNK_MARKERS = [
  ['Octokit', 'octokit-core.js'],
  ['yaml', 'parseDocument'],
  ['zod', 'strictObject'],
  ['mustache', 'mustache.js'],
  ['https-proxy-agent', 'HttpsProxyAgent'],
]
const chunkNames = new Map()

function chunkName(url) {
  if (!chunkNames.has(url)) {
    let text = ''
    try {
      text = readFileSync(fileURLToPath(url), 'utf8')
    } catch {
      /* the file is gone: name it by its file name alone */
    }
    const found = CHUNK_MARKERS.filter(([, marker]) => text.includes(marker)).map(([name]) => name)
    chunkNames.set(
      url,
      `Lazy chunk ${url.replace(/.*\//, '')}${found.length ? ` (${found.join(', ')})` : ''}: loading and running it`,
    )
  }
  return chunkNames.get(url)
}

const RULES = [
  ['Garbage collection', (s) => s.leaf === '(garbage collector)'],
  ['Idle: waiting for the stand-in, the disk, the pipes', (s) => s.leaf === '(idle)'],
  ['V8 outside JavaScript ("(program)")', (s) => s.leaf === '(program)'],
  [
    'Compiling dist/ JavaScript (V8 parse, module translate)',
    (s) => s.has('compileSourceTextModule') || s.has('compileFunction'),
  ],
  [
    'Loading Node built-ins (http, https/tls, crypto, net, fs/promises…)',
    (s) => s.has('compileForPublicLoader') || s.has('requireBuiltin'),
  ],
  [(s) => chunkName(s.chunkUrl), (s) => s.chunkUrl !== undefined],
  [
    'Writing log lines to stdout (synchronous pipe writes)',
    (s) => s.has('writeUtf8String') || (s.has('handleWriteReq') && !s.has('ClientRequest')),
  ],
  [
    'HTTP: connect, send, read the answer',
    (s) =>
      s.inUrl(/^node:(_http_|net$|internal\/net|internal\/stream_base|internal\/streams|dns)/) ||
      s.has('ClientRequest'),
  ],
  ['Action code (index.js) and the Node APIs it calls', (s) => s.inFile('index.js')],
  ['ESM loader: resolve, read, link, evaluate', (s) => s.inUrl(/^node:internal\/modules\//)],
  ['Node start-up and exit', (s) => s.inUrl(/^node:internal\/(bootstrap|main|process)/)],
  ['Other Node internals and natives', () => true],
]

/** @param {string[]} files paths of .cpuprofile files, one per run */
export function summarizeProfiles(files) {
  const totals = new Map(RULES.filter(([name]) => typeof name === 'string').map(([name]) => [name, 0]))
  let profiledMs = 0
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'))
    profiledMs += (profile.endTime - profile.startTime) / 1000
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
    const parent = new Map()
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
    const group = new Map()
    const groupOf = (id) => {
      if (!group.has(id)) {
        const frames = []
        for (let cur = id; cur !== undefined; cur = parent.get(cur)) frames.push(nodes.get(cur).callFrame)
        const stack = {
          leaf: frames[0].functionName,
          has: (fn) => frames.some((f) => f.functionName === fn),
          inUrl: (re) => frames.some((f) => re.test(f.url)),
          inFile: (name) => frames.some((f) => f.url.startsWith('file:') && f.url.endsWith(`/${name}`)),
          chunkUrl: frames.find((f) => /^file:.*\/\d+\.index\.js$/.test(f.url))?.url,
        }
        const [name] = RULES.find(([, rule]) => rule(stack))
        group.set(id, typeof name === 'function' ? name(stack) : name)
      }
      return group.get(id)
    }
    profile.samples.forEach((id, i) => {
      const name = groupOf(id)
      totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
    })
  }
  const runs = files.length
  return {
    runs,
    profiledMs: Math.round((profiledMs / runs) * 10) / 10,
    groups: [...totals]
      .map(([name, ms]) => ({ name, ms: Math.round((ms / runs) * 10) / 10 }))
      .filter((g) => g.ms > 0)
      .sort((a, b) => b.ms - a.ms),
  }
}
