// The README's tables are the user's reference: they must say what action.yml says.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { folderGraph } from '../../scripts/graph.mjs'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import { INPUT_NAMES } from '../../src/inputs/read-inputs.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
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

describe('README', () => {
  it('starts with the two commands a newcomer runs', () => {
    const firstCommands = readme.match(/```(?:sh|bash)\n([\s\S]*?)```/)?.[1] ?? ''
    expect(firstCommands).toContain('npm ci && npm run demo')
    expect(firstCommands).toContain('npm ci && npm test')
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

  it('shows every example workflow and template exactly as the file in examples/ has it', () => {
    const blocks = [...readme.matchAll(/^```(yaml|markdown)\n([\s\S]*?)^```$/gm)]
    // A complete workflow has jobs; a complete template starts with its front matter.
    const complete = blocks
      .filter(([, lang, b]) => (lang === 'yaml' && /^jobs:/m.test(b)) || (lang === 'markdown' && b.startsWith('---\n')))
      .map((m) => m[2])
    const examples = readdirSync(join(ROOT, 'examples')).map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'))
    expect(examples.length).toBeGreaterThanOrEqual(4)
    for (const block of complete) expect(examples).toContain(block)
    for (const example of examples) expect(complete).toContain(example)
  })

  it('draws the folders of src/ and their imports as the code has them (npm run graph)', () => {
    const drawn = readme.match(/^```mermaid\n([\s\S]*?)\n```$/m)?.[1]
    expect(drawn).toBe(folderGraph())
  })
})
