// The build-time stand-ins for parts of the toolkit (src/runner/toolkit-stubs, tsconfig.json "paths")
// hold only what @actions/core and @actions/github import from them today. An upgrade of either that
// imports another name, or calls another method on an HttpClient, fails here by name; without this
// test the bundle would build and the name would be undefined at run time.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.mjs'

const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> }
}
/** The stubbed module specifiers and the stub file each is built from. */
const stubs = Object.entries(tsconfig.compilerOptions.paths)

/** Every .js file of the toolkit packages the bundle holds. */
function sources(): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.js'))
        files.push({ file: path.slice(ROOT.length), text: readFileSync(path, 'utf8') })
    }
  }
  for (const pkg of ['@actions/core/lib', '@actions/github/lib']) walk(join(ROOT, 'node_modules', pkg))
  return files
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** The names a source takes from `specifier`: named imports, and `ns.name` of a namespace import. */
function namesImported(text: string, specifier: string): string[] {
  const from = `from ['"]${escape(specifier)}['"]`
  const names: string[] = []
  for (const m of text.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*${from}`, 'g')))
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0]
      if (name) names.push(name)
    }
  for (const m of text.matchAll(new RegExp(`import\\s*\\*\\s*as\\s+(\\w+)\\s*${from}`, 'g')))
    for (const use of text.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)`, 'g'))) names.push(use[1])
  return names
}

describe('the toolkit stand-ins', () => {
  const files = sources()

  it('are found where the toolkit imports them (the scan reads what it should)', () => {
    const imported = stubs.filter(([specifier]) => files.some((f) => namesImported(f.text, specifier).length > 0))
    // @octokit/plugin-rest-endpoint-methods is imported by @actions/github; the others by core or github.
    expect(imported.map(([specifier]) => specifier).sort()).toEqual(stubs.map(([specifier]) => specifier).sort())
  })

  it.each(stubs)(
    '%s: the stand-in exports every name @actions/core and @actions/github import',
    async (specifier, [file]) => {
      const stub = (await import(join(ROOT, file))) as Record<string, unknown>
      const missing = files.flatMap(({ file: source, text }) =>
        namesImported(text, specifier)
          .filter((name) => !(name in stub))
          .map((name) => `${source} imports ${name}`),
      )
      expect(missing).toEqual([])
    },
  )

  it("has every method @actions/github calls on @actions/http-client's HttpClient", async () => {
    const { HttpClient } = (await import(join(ROOT, 'src/runner/toolkit-stubs/http-client.ts'))) as {
      HttpClient: new () => Record<string, unknown>
    }
    const called = files.flatMap(({ text }) => {
      const client = /(\w+)\s*=\s*new\s+\w+\.HttpClient\(/.exec(text)?.[1]
      return client ? [...text.matchAll(new RegExp(`\\b${client}\\.(\\w+)\\(`, 'g'))].map((m) => m[1]) : []
    })
    expect(called.length).toBeGreaterThan(0)
    for (const method of called) expect([method, typeof new HttpClient()[method]]).toEqual([method, 'function'])
  })
})
