// After ncc: dist/ must load as ESM on Node 20 and 24, so it needs its own {"type":"module"}. Then
// the build is checked for what tsconfig "paths" keep out of it (see CONTRIBUTING.md, "Dependencies, and why"):
// no file may hold undici, @actions/http-client, @actions/exec or Octokit's table of every REST endpoint,
// and index.js must not hold Octokit, which only runs that call GitHub load.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

// The build's folder: dist/, or the one given (scripts/build.mjs builds elsewhere to compare).
const dist = process.argv[2] ? pathToFileURL(`${resolve(process.argv[2])}/`) : new URL('../dist/', import.meta.url)
writeFileSync(new URL('package.json', dist), '{ "type": "module" }\n')

const forbidden = [
  ['undici', /UND_ERR_/],
  ['@actions/http-client', /HttpClientError/],
  ['@actions/exec', /class ToolRunner/],
  ["@octokit/plugin-rest-endpoint-methods' table", /addCustomLabelsToSelfHostedRunnerForOrg/],
]
const problems = []
for (const name of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(new URL(name, dist), 'utf8')
  for (const [what, marker] of forbidden) if (marker.test(text)) problems.push(`dist/${name} holds ${what}`)
  if (name === 'index.js' && /octokit-core\.js/.test(text))
    problems.push('dist/index.js holds Octokit, which must stay in a lazily loaded chunk')
}
if (problems.length > 0) {
  console.error(
    `The bundle is not as CONTRIBUTING.md's "Dependencies, and why" section describes:\n- ${problems.join('\n- ')}\nCheck tsconfig.json "paths" and the dynamic import of @actions/github.`,
  )
  process.exit(1)
}
