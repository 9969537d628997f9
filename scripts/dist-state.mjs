// Whether dist/ is what `npm run build` makes of the sources, without touching the tree. Each build
// (scripts/build.mjs) remembers the hash of every file it wrote under the hash of its inputs, in
// node_modules/.cache/livedesk-dist/; a check looks its inputs up there and compares, or, for sources
// no build has seen here, builds them into a temporary folder first (ncc and terser: ~20 s).
//   node scripts/dist-state.mjs check   exit 1, naming what differs, when dist/ is not a fresh build
//                                       (npm test runs it first; with ACTION_BUNDLE set it checks nothing)
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** What the bundle is made of: the sources, the locked dependencies, and the build's own steps. */
export const INPUTS = [
  'src',
  'package-lock.json',
  'tsconfig.json',
  'scripts/build.mjs',
  'scripts/minify-chunks.mjs',
  'scripts/check-bundle.mjs',
]
/** Builds remembered; older ones are forgotten (each is a few hundred bytes). */
const KEEP = 50

const sha256 = (data) => createHash('sha256').update(data).digest('hex')

/** Every file under `path` (a file or a folder), sorted. */
function filesUnder(path) {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort()
}

/** The hash of `root`'s build inputs: each file's path and content. */
export function inputsHash(root = ROOT) {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(`${relative(root, file)}\0${sha256(readFileSync(file))}\n`)
  }
  return hash.digest('hex')
}

/** Each file of a build folder and the hash of its content. */
export function filesOf(dir) {
  return Object.fromEntries(filesUnder(dir).map((file) => [relative(dir, file), sha256(readFileSync(file))]))
}

const cacheOf = (root) => join(root, 'node_modules', '.cache', 'livedesk-dist')

/** Remembers that a build of inputs `hash` wrote the files in `out`. */
export function remember(root, hash, out) {
  const cache = cacheOf(root)
  mkdirSync(cache, { recursive: true })
  writeFileSync(join(cache, `${hash}.json`), `${JSON.stringify(filesOf(out), null, 1)}\n`)
  const entries = readdirSync(cache)
    .map((name) => ({ name, at: statSync(join(cache, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
  for (const old of entries.slice(KEEP)) rmSync(join(cache, old.name), { force: true })
}

/** The files a build of `root`'s current sources writes: remembered, or built now into a temporary folder. */
export function freshBuild(root = ROOT, { log = () => undefined } = {}) {
  const hash = inputsHash(root)
  const known = join(cacheOf(root), `${hash}.json`)
  if (existsSync(known)) return JSON.parse(readFileSync(known, 'utf8'))
  log('No build of these sources is remembered here: building them into a temporary folder to compare (~20 s)...')
  const out = join(mkdtempSync(join(tmpdir(), 'livedesk-build-')), 'dist')
  try {
    const done = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), out], { cwd: root, stdio: 'inherit' })
    if (done.status !== 0) throw new Error(`npm run build failed on these sources (exit ${done.status ?? done.signal})`)
    return filesOf(out)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** What differs between `root`'s dist/ and a build of its sources; empty when dist/ is that build. */
export function distProblems(root = ROOT, options = {}) {
  const built = freshBuild(root, options)
  const have = filesOf(join(root, 'dist'))
  const problems = []
  for (const [name, hash] of Object.entries(built)) {
    if (!(name in have)) problems.push(`dist/${name} is missing`)
    else if (have[name] !== hash) problems.push(`dist/${name} differs`)
  }
  for (const name of Object.keys(have)) if (!(name in built)) problems.push(`dist/${name} is not made by the build`)
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [verb] = process.argv.slice(2)
  if (verb !== 'check') {
    console.error('usage: node scripts/dist-state.mjs check')
    process.exitCode = 2
  } else if (process.env.ACTION_BUNDLE) {
    // The end-to-end tests run another build (ACTION_BUNDLE): dist/ is not what they test.
    console.log(`ACTION_BUNDLE: the end-to-end tests run ${process.env.ACTION_BUNDLE}; dist/ is not checked.`)
  } else {
    const problems = distProblems(ROOT, { log: (line) => console.log(line) })
    if (problems.length > 0) {
      console.error(
        `dist/ is not what npm run build makes of src/:\n- ${problems.join('\n- ')}\nRun npm run build (and commit dist/ with src/).`,
      )
      process.exitCode = 1
    } else console.log('dist/ is what npm run build makes of src/.')
  }
}
