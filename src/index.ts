// The runner runs this file: it only calls run(), which reads the real runner's inputs and sets
// the exit code.
import { run } from './main.js'
import { message } from './text/message.js'

try {
  await run()
} catch (err) {
  // run() reports every failure itself; this catches only a failure to report (stdout closed, say).
  process.exitCode = 1
  process.stderr.write(`LiveDesk ticket action: ${message(err)}\n`)
}
// Node cannot cancel a DNS lookup: if one outlives the deadline, it must not hold the step open.
// Unref'd, so a run with nothing pending exits at once.
setTimeout(() => process.exit(), 1000).unref()
