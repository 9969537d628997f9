// The runner runs this file: it only wires the real process to run().
import { run } from './main.js'
import { createRunner } from './runner.js'

const runner = createRunner({ env: process.env, write: (text) => process.stdout.write(text) })
process.exitCode = await run(runner, process.env)
