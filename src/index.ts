// The runner runs this file: it only wires the real process to run().
import { run } from './main.js'
import { createRunner } from './runner.js'

const runner = createRunner({ env: process.env, write: (text) => process.stdout.write(text) })
process.exitCode = await run(runner, process.env)
// Node cannot cancel a DNS lookup: if one outlives the deadline, it must not hold the step open.
// Unref'd, so a run with nothing pending exits at once.
setTimeout(() => process.exit(), 1000).unref()
