// After ncc: dist/ must load as ESM on Node 20 and 24, so it needs its own {"type":"module"}.
import { writeFileSync } from 'node:fs'
writeFileSync(new URL('../dist/package.json', import.meta.url), '{ "type": "module" }\n')
