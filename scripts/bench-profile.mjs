// Reads `node --cpu-prof` profiles of the action and sums their samples into a few groups that say
// where a step's time goes. Each sample is put in the first group whose rule matches its stack.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

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
