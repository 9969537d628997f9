// scripts/dist-state.mjs: whether dist/ is what the build makes of the sources, as `npm test` and
// `npm run release` ask it, on a small checkout of its own (a remembered build: nothing is built).
import { describe, expect, it } from '@jest/globals'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { distProblems, inputsHash, remember } from '../../scripts/dist-state.mjs'

/** A checkout with sources, a dist/ built from them, and that build remembered. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'livedesk-dist-state-'))
  mkdirSync(join(root, 'src', 'http'), { recursive: true })
  writeFileSync(join(root, 'src', 'index.ts'), 'await run()\n')
  writeFileSync(join(root, 'src', 'http', 'transport.ts'), 'export {}\n')
  writeFileSync(join(root, 'package-lock.json'), '{}\n')
  mkdirSync(join(root, 'dist'))
  writeFileSync(join(root, 'dist', 'index.js'), 'run()\n')
  writeFileSync(join(root, 'dist', '46.index.js'), 'chunk()\n')
  remember(root, inputsHash(root), join(root, 'dist'))
  return root
}

describe('dist-state', () => {
  it('the inputs hash follows the sources and the lockfile, not dist/', () => {
    const root = checkout()
    const hash = inputsHash(root)
    appendFileSync(join(root, 'dist', 'index.js'), '// edited\n')
    expect(inputsHash(root)).toBe(hash)
    appendFileSync(join(root, 'src', 'http', 'transport.ts'), '// edited\n')
    const edited = inputsHash(root)
    expect(edited).not.toBe(hash)
    writeFileSync(join(root, 'package-lock.json'), '{ "lockfileVersion": 3 }\n')
    expect(inputsHash(root)).not.toBe(edited)
  })

  it('dist/ as built: no problem', () => {
    expect(distProblems(checkout())).toEqual([])
  })

  it('a file edited by hand, one missing, one the build never made: each named', () => {
    const root = checkout()
    appendFileSync(join(root, 'dist', 'index.js'), '// edited by hand\n')
    rmSync(join(root, 'dist', '46.index.js'))
    writeFileSync(join(root, 'dist', '99.index.js'), 'old()\n')
    expect(distProblems(root).sort()).toEqual([
      'dist/46.index.js is missing',
      'dist/99.index.js is not made by the build',
      'dist/index.js differs',
    ])
  })
})
