// npm run release -- <verb> vX.Y.Z: cutting a release (see CONTRIBUTING.md, "Releases").
//   notes vX.Y.Z   the CHANGELOG.md section of X.Y.Z: the release's notes
//   check vX.Y.Z   the tag is vMAJOR.MINOR.PATCH, package.json says X.Y.Z, CHANGELOG.md has its section,
//                  and dist/ is exactly what `npm run build` makes of this commit's src/
//   tag vX.Y.Z     check, then tag HEAD vX.Y.Z and move the major tag vX to it (push both yourself,
//                  or push vX.Y.Z alone and .github/workflows/release.yml does the rest)
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { distProblems } from './dist-state.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...options })

function parse(tag) {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag ?? '')
  if (!m) throw new Error(`"${tag}" is not a release tag: expected vMAJOR.MINOR.PATCH, such as v1.2.3`)
  return { version: `${m[1]}.${m[2]}.${m[3]}`, major: `v${m[1]}` }
}

export function notes(tag) {
  const { version } = parse(tag)
  const changelog = readFileSync(`${ROOT}CHANGELOG.md`, 'utf8')
  const start = changelog.search(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm'))
  if (start < 0) throw new Error(`CHANGELOG.md has no "## [${version}]" section`)
  const rest = changelog.slice(start).split('\n')
  const end = rest.findIndex((line, i) => i > 0 && (line.startsWith('## [') || /^\[[^\]]+\]: /.test(line)))
  return rest
    .slice(1, end < 0 ? undefined : end)
    .join('\n')
    .trim()
}

export function check(tag) {
  const { version } = parse(tag)
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'))
  if (pkg.version !== version) throw new Error(`package.json says ${pkg.version}, the tag ${tag}`)
  if (notes(tag) === '') throw new Error(`CHANGELOG.md's section for ${version} is empty`)
  if (run('git', ['status', '--porcelain']).trim() !== '')
    throw new Error('the work tree has changes: a release is cut from a clean commit')
  // A build of these sources (remembered by scripts/dist-state.mjs, or made now in a temporary folder).
  const problems = distProblems(ROOT, { log: (line) => console.log(line) })
  if (problems.length > 0)
    throw new Error(`dist/ is not what npm run build makes of this commit's src/:\n${problems.join('\n')}`)
}

export function tag(tagName) {
  const { major } = parse(tagName)
  check(tagName)
  // verbatim: git would drop the changelog's "### Added" lines as comments.
  run('git', ['tag', '-a', '--cleanup=verbatim', tagName, '-m', `${tagName}\n\n${notes(tagName)}`])
  run('git', ['tag', '-f', major, `${tagName}^{}`])
  return major
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [verb, tagName] = process.argv.slice(2)
  try {
    if (verb === 'notes') console.log(notes(tagName))
    else if (verb === 'check') {
      check(tagName)
      console.log(`${tagName}: package.json, CHANGELOG.md and dist/ agree; ready to release.`)
    } else if (verb === 'tag') {
      const major = tag(tagName)
      console.log(
        `Tagged ${tagName} and moved ${major} to it. Push them: git push origin ${tagName} && git push --force origin ${major}`,
      )
    } else {
      console.error('usage: npm run release -- notes|check|tag vX.Y.Z')
      process.exitCode = 2
    }
  } catch (err) {
    console.error(`release: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  }
}
