// npm run build [-- DIR]: ncc bundles src/index.ts into dist/ (or DIR), then the lazily loaded chunks are
// minified (minify-chunks.mjs) and the bundle checked (check-bundle.mjs). The build remembers what it
// made of which sources (dist-state.mjs), so `npm test` and `npm run release` tell in milliseconds
// whether dist/ is what the build makes of src/, without building again.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inputsHash, remember } from './dist-state.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function step(args) {
  const done = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' })
  if (done.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${done.status ?? done.signal})`)
}

/** Builds the bundle of `root`'s sources into `out` (emptied first); remembers it when the sources held still. */
export function build(out = join(ROOT, 'dist')) {
  const before = inputsHash(ROOT)
  rmSync(out, { recursive: true, force: true })
  const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
  step([ncc, 'build', 'src/index.ts', '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'])
  step([join(ROOT, 'scripts/minify-chunks.mjs'), out])
  step([join(ROOT, 'scripts/check-bundle.mjs'), out])
  // A source saved while ncc read them: this build belongs to neither version, so it is not remembered.
  if (inputsHash(ROOT) === before) remember(ROOT, before, out)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    build(process.argv[2] ? resolve(process.argv[2]) : undefined)
  } catch (err) {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  }
}
