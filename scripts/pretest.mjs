// Before `npm test` (npm runs it first): Node 24 for the end-to-end tests (ensure-node24.mjs), and dist/
// as `npm run build` makes it of src/ (dist-state.mjs), since those tests run dist/index.js: a stale one
// would pass or fail for yesterday's code. ACTION_BUNDLE names another build to run: dist/ is then not checked.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const node = (script, ...args) =>
  spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: 'inherit' }).status

if (node('./ensure-node24.mjs') !== 0) process.exit(1)
if (process.env.ACTION_BUNDLE) {
  console.log(`ACTION_BUNDLE: the end-to-end tests run ${process.env.ACTION_BUNDLE}; dist/ is not checked.`)
} else if (node('./dist-state.mjs', 'check') !== 0) {
  process.exit(1)
}
