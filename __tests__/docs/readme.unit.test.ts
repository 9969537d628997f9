// The README, the pages of docs/ and CONTRIBUTING.md: the README's tables must say what action.yml
// says, the examples shown must be the files of examples/, the graph must be the code's, and every
// relative link must lead to a file and a heading that exist.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parse } from 'yaml'
import { folderGraph } from '../../scripts/graph.mjs'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import { INPUT_NAMES } from '../../src/inputs/read-inputs.js'

/** The Markdown files for readers: the README, every page of docs/, CONTRIBUTING.md. */
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'CONTRIBUTING.md',
]
const text = (page: string): string => readFileSync(join(ROOT, page), 'utf8')

const readme = text('README.md')
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

/** Rows of the first table under a heading: first cell (without backticks) → the other cells. */
function table(heading: string): Map<string, string[]> {
  const start = readme.indexOf(`\n${heading}\n`)
  expect(start).toBeGreaterThan(-1)
  const rows = new Map<string, string[]>()
  const lines = readme.slice(start + heading.length + 2).split('\n')
  let seen = false
  for (const line of lines) {
    if (!line.startsWith('|')) {
      if (seen) break
      continue
    }
    seen = true
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    if (/^-+$/.test(cells[0]) || cells[0] === 'Input' || cells[0] === 'Output') continue
    rows.set(cells[0].replace(/`/g, ''), cells.slice(1))
  }
  return rows
}

/** A page's text outside fenced code blocks (``` or ~~~, three or more), each block's lines left empty. */
function prose(markdown: string): string {
  let fence = ''
  return markdown
    .split('\n')
    .map((line) => {
      const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
      if (fence === '' && opening) {
        fence = opening
        return ''
      }
      if (fence !== '') {
        if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = ''
        return ''
      }
      return line
    })
    .join('\n')
}

/**
 * The anchors of a page's headings as GitHub makes them: lowercase, punctuation dropped but `-` and
 * `_`, each space a `-`; a heading seen before gets `-1`, `-2`, ….
 */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    result.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return result
}

/** The relative links of a page, outside code: `[text](target)` whose target has no scheme. */
function relativeLinks(markdown: string): string[] {
  const outsideCode = prose(markdown).replace(/(`+)[\s\S]*?\1/g, '')
  return [...outsideCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .filter((target) => target !== '…') // an example of what a ticket says, its address elided
}

describe('README', () => {
  it('starts with the two commands a newcomer runs', () => {
    const firstCommands = readme.match(/```(?:sh|bash)\n([\s\S]*?)```/)?.[1] ?? ''
    expect(firstCommands).toContain('npm ci && npm run demo')
    expect(firstCommands).toContain('npm ci && npm test')
  })

  it('is at most 450 lines: the rest is in docs/ and CONTRIBUTING.md', () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(450)
  })

  it('lists exactly the inputs action.yml declares, with the same defaults and required flags', () => {
    const rows = table('## Inputs')
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(action.inputs)) {
      const [required, defaultValue] = rows.get(name) ?? []
      expect([name, required]).toEqual([name, spec.required ? 'yes' : 'no'])
      expect([name, defaultValue.replace(/`/g, '')]).toEqual([
        name,
        spec.default === undefined ? '' : String(spec.default),
      ])
    }
  })

  it('lists exactly the outputs action.yml declares', () => {
    expect([...table('## Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('action.yml declares every input the code reads, and runs the bundle on node24', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('.ci/run runs the test command the README gives', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8')
    expect(readme).toContain('npm test')
    expect(ci).toMatch(/^npm test\b/m)
  })
})

describe('README, docs/ and CONTRIBUTING.md', () => {
  it('shows every example workflow and template exactly as the file in examples/ has it', () => {
    const blocks = PAGES.flatMap((page) => [...text(page).matchAll(/^```(yaml|markdown)\n([\s\S]*?)^```$/gm)])
    // A complete workflow has jobs; a complete template starts with its front matter.
    const complete = blocks
      .filter(([, lang, b]) => (lang === 'yaml' && /^jobs:/m.test(b)) || (lang === 'markdown' && b.startsWith('---\n')))
      .map((m) => m[2])
    const examples = readdirSync(join(ROOT, 'examples')).map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'))
    expect(examples.length).toBeGreaterThanOrEqual(4)
    for (const block of complete) expect(examples).toContain(block)
    for (const example of examples) expect(complete).toContain(example)
  })

  it('links only to files that exist, and to headings that exist in them', () => {
    const broken: string[] = []
    for (const page of PAGES) {
      for (const link of relativeLinks(text(page))) {
        const [path, anchor] = link.split('#') as [string, string | undefined]
        const target = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURI(path))
        const name = relative(ROOT, target)
        if (!existsSync(target)) broken.push(`${page}: ${link} (no file ${name})`)
        else if (anchor !== undefined && !anchors(readFileSync(target, 'utf8')).has(anchor))
          broken.push(`${page}: ${link} (no heading #${anchor} in ${name})`)
      }
    }
    expect(broken).toEqual([])
  })

  it('makes anchors as GitHub does', () => {
    const page = [
      '# Sync: the desk’s answer back on the issue',
      "## Sync: the desk's answer back on the issue",
      '```markdown',
      '## Weekly patching for {{ github.repository }}',
      '```',
      '### `when_open`, and dedupe_key',
      '## Limits GitHub sets',
      '## Limits GitHub sets',
    ].join('\n')
    expect([...anchors(page)]).toEqual([
      'sync-the-desks-answer-back-on-the-issue',
      'sync-the-desks-answer-back-on-the-issue-1',
      'when_open-and-dedupe_key',
      'limits-github-sets',
      'limits-github-sets-1',
    ])
  })

  it('CONTRIBUTING.md draws the folders of src/ and their imports as the code has them (npm run graph)', () => {
    const drawn = text('CONTRIBUTING.md').match(/^```mermaid\n([\s\S]*?)\n```$/m)?.[1]
    expect(drawn).toBe(folderGraph())
  })
})
