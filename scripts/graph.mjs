// @ts-check
// npm run graph: the folders of src/ and their imports as a Mermaid flowchart, measured by
// dependency-cruiser with the project's own rules (.dependency-cruiser.cjs). CONTRIBUTING.md's
// "The house" section shows this output; a test keeps the two equal.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * The graph as Mermaid text, one folder (or top-level file) a node, one import direction an edge.
 * @returns {string}
 */
export function folderGraph() {
  const json = execFileSync(
    process.execPath,
    [
      `${ROOT}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`,
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--include-only',
      '^src/',
      '--exclude',
      'toolkit-stubs',
      '--output-type',
      'json',
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  const node = (/** @type {string} */ path) => path.replace(/^src\//, '').replace(/\/.*$/, '/')
  // "from to" → true while every import between the two is of types only (drawn dashed).
  const edges = new Map()
  for (const module of JSON.parse(json).modules) {
    for (const dep of module.dependencies) {
      const [from, to] = [node(module.source), node(dep.resolved)]
      if (from === to || !dep.resolved.startsWith('src/')) continue
      const typeOnly = dep.dependencyTypes.includes('type-only')
      edges.set(`${from} ${to}`, (edges.get(`${from} ${to}`) ?? true) && typeOnly)
    }
  }
  const id = (/** @type {string} */ name) => name.replace(/[^a-z]/g, '_').replace(/_+$/, '')
  const names = [...new Set([...edges.keys()].flatMap((e) => e.split(' ')))].sort()
  return [
    'flowchart TD',
    ...names.map((n) => `  ${id(n)}["${n}"]`),
    ...[...edges]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([pair, typeOnly]) => {
        const [from, to] = pair.split(' ')
        return `  ${id(from)} ${typeOnly ? '-.->' : '-->'} ${id(to)}`
      }),
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(folderGraph())
