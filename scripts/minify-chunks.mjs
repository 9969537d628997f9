// After ncc: ncc --minify minifies dist/index.js only and leaves the lazily loaded chunks
// (N.index.js) as written; this minifies them the same way, dead code dropped (measured in docs/performance.md).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { minify } from 'terser'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

// The build's folder: dist/, or the one given (scripts/build.mjs builds elsewhere to compare).
const dist = process.argv[2] ? pathToFileURL(`${resolve(process.argv[2])}/`) : new URL('../dist/', import.meta.url)
for (const name of readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f))) {
  const file = new URL(name, dist)
  const { code } = await minify(readFileSync(file, 'utf8'), {
    module: true,
    compress: { passes: 2 },
    mangle: { keep_classnames: true, keep_fnames: true },
  })
  if (code === undefined) throw new Error(`terser returned nothing for dist/${name}`)
  writeFileSync(file, code)
}
