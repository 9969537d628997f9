// The release procedure of CONTRIBUTING.md, followed on a scratch clone: the check that package.json,
// CHANGELOG.md and dist/ agree with the tag (dist/ compared with a build of the clone's src/), the tag,
// and the major tag moved to it; and the check refusing a dist/ that is not what src/ builds.
// A build of those sources is remembered (scripts/dist-state.mjs): the clones share this checkout's
// memory, so the ~20 s build runs once for a version of src/, not in every clone of every run.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputsHash } from '../../scripts/dist-state.mjs'
import { ROOT } from '../../__fixtures__/run-action.mjs'

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

function scratchClone(): string {
  const top = mkdtempSync(join(tmpdir(), 'livedesk-release-'))
  scratch.push(top)
  const dir = join(top, 'repo')
  execFileSync('git', ['clone', '--quiet', '--local', '--no-hardlinks', ROOT, dir])
  execFileSync('git', ['config', 'user.email', 'release@example.invalid'], { cwd: dir })
  execFileSync('git', ['config', 'user.name', 'Release test'], { cwd: dir })
  // The builds this checkout remembers, shared: a build made in a clone is remembered here too.
  const builds = join(ROOT, 'node_modules', '.cache', 'livedesk-dist')
  mkdirSync(builds, { recursive: true })
  if (existsSync(join(builds, `${inputsHash(dir)}.json`))) {
    mkdirSync(join(dir, 'node_modules', '.cache'), { recursive: true })
  } else {
    // Built in the clone: a real node_modules (hard links, at once); through a symlink ncc would name the chunks differently.
    execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')])
    rmSync(join(dir, 'node_modules', '.cache', 'livedesk-dist'), { recursive: true, force: true })
  }
  symlinkSync(builds, join(dir, 'node_modules', '.cache', 'livedesk-dist'))
  return dir
}
const release = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['scripts/release.mjs', ...args], { cwd: dir, encoding: 'utf8' })
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()

describe('npm run release', () => {
  it('notes: the changelog section of the version', () => {
    const r = release(ROOT, 'notes', 'v1.0.0')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^### Added\n- Open an EngageLab LiveDesk ticket/)
    expect(r.stdout).not.toContain('[1.0.0]:')
  })

  it('refuses a tag that is no version, or that package.json and the changelog do not name', () => {
    expect(release(ROOT, 'check', 'v1').stderr).toContain('is not a release tag')
    expect(release(ROOT, 'check', 'v9.9.9').stderr).toContain('package.json says 1.0.0')
  })

  it('on a scratch clone: checks dist/ against a build of its src/, tags v1.0.0 and moves v1 to it', () => {
    const dir = scratchClone()
    const r = release(dir, 'tag', 'v1.0.0')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const head = git(dir, 'rev-parse', 'HEAD')
    expect(git(dir, 'rev-parse', 'v1.0.0^{}')).toBe(head)
    expect(git(dir, 'rev-parse', 'v1^{}')).toBe(head)
    expect(git(dir, 'cat-file', '-p', 'v1.0.0')).toContain('### Added')
  }, 180_000)

  it('on a scratch clone whose dist/ is not what its src/ builds: refused, nothing tagged', () => {
    const dir = scratchClone()
    appendFileSync(join(dir, 'dist', 'index.js'), '\n// edited by hand\n')
    git(dir, 'commit', '--quiet', '-am', 'dist edited by hand')
    const r = release(dir, 'tag', 'v1.0.0')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("dist/ is not what npm run build makes of this commit's src/")
    expect(git(dir, 'tag', '--list')).toBe('')
  }, 180_000)
})
