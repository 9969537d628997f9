// The README's release procedure, followed on a scratch clone: the check that package.json,
// CHANGELOG.md and dist/ agree with the tag (dist/ rebuilt from src/), the tag, and the major tag
// moved to it; and the check refusing a dist/ that is not what src/ builds.
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/run-action.mjs'

function scratchClone(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'livedesk-release-')), 'repo')
  execFileSync('git', ['clone', '--quiet', '--local', '--no-hardlinks', ROOT, dir])
  execFileSync('git', ['config', 'user.email', 'release@example.invalid'], { cwd: dir })
  execFileSync('git', ['config', 'user.name', 'Release test'], { cwd: dir })
  // A real node_modules (hard links, at once): through a symlink ncc would name the chunks differently.
  execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')])
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

  it('on a scratch clone: checks dist/ by rebuilding it, tags v1.0.0 and moves v1 to it', () => {
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
