// npm run bench:sync: the cost of one scheduled sync (sync: issues) that checks a full run's 50
// mirrored issues, 10 of them with news (a status change and two desk replies each), against the
// stand-ins on 127.0.0.1, on this Node and on Node 24. Each run starts from the same state (the first
// run of a round: no earlier run to find, so its place costs one GitHub call). Prints medians of
// ROUNDS runs after one warm-up run: wall time, CPU time, peak RSS, GitHub and LiveDesk calls.
import { startGitHubStandIn } from './github-stand-in.mjs'
import { startLiveDeskStandIn } from './livedesk-stand-in.mjs'
import { runAction } from './run-action.mjs'
import { runtimes } from './runtimes.mjs'

const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS || 9)
const ISSUES = 50
const WITH_NEWS = 10

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** The state of a repository whose 50 mirrored issues wait for the sync. */
function seed(github, desk) {
  github.reset()
  desk.reset()
  for (let n = 1; n <= ISSUES; n++) {
    const ticketId = `tk_bench_${n}`
    github.state.clock += 1000
    github.state.issues.set(n, {
      number: n,
      title: `Checkout fails for order ${n}`,
      state: 'open',
      labels: [{ name: 'livedesk' }],
      html_url: `https://github.com/octo-org/checkout-service/issues/${n}`,
      updated_at: new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    github.state.comments.set(n, [
      {
        id: n,
        body: `<!-- livedesk-ticket-action ticket_id=${ticketId} -->\nLiveDesk ticket \`${ticketId}\` mirrors this issue.`,
        user: { login: 'github-actions[bot]', type: 'Bot' },
      },
    ])
    const news = n <= WITH_NEWS
    desk.tickets.set(ticketId, {
      ticket_id: ticketId,
      status: news ? 'solved' : 'open',
      conversation_list: [
        { id: `${n}-1`, sender: { type: 'contact', name: 'Erika' }, content: 'Any news?' },
        ...(news
          ? [1, 2].map((i) => ({
              id: `${n}-r${i}`,
              sender: { type: 'internal_member', name: 'Dana' },
              content: `Reply ${i}: we are on it.`,
            }))
          : []),
      ],
    })
  }
}

const github = await startGitHubStandIn()
const desk = await startLiveDeskStandIn({ apiKey: 'bench-key', apiSecret: 'bench-secret' })
const lines = [
  `One sync: ${ISSUES} mirrored issues checked, ${WITH_NEWS} with news (a status and 2 replies each), close_issues and sync_replies on; ${ROUNDS} runs after 1 warm-up`,
]
try {
  for (const [label, node] of runtimes()) {
    const runs = []
    for (let i = 0; i <= ROUNDS; i++) {
      seed(github, desk)
      const result = await runAction({
        inputs: {
          api_key: 'bench-key',
          api_secret: 'bench-secret',
          base_url: desk.url,
          sync: 'issues',
          sync_replies: 'true',
          close_issues: 'true',
        },
        // The pace GitHub asks of many writes (one a second after the first five) is waiting, not work:
        // left out here, and said beside the figures.
        env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'schedule', LIVEDESK_SYNC_WRITE_INTERVAL_MS: '0' },
        event: { name: 'schedule', payload: { schedule: '17 * * * *' } },
        githubToken: github.token,
        node,
        cpu: true,
      })
      if (
        result.code !== 0 ||
        result.outputs.issues_checked !== String(ISSUES) ||
        result.outputs.issues_updated !== String(WITH_NEWS)
      ) {
        throw new Error(`the sync did not do its work (exit ${result.code}):\n${result.visibleLog}`)
      }
      if (i > 0)
        runs.push({
          ms: result.durationMs,
          cpuMs: result.cpuMs,
          rssKiB: result.rssKiB,
          github: github.requests.length,
          desk: desk.requests.length,
        })
    }
    const m = (key) => median(runs.map((r) => r[key]))
    lines.push(
      `  ${label.padEnd(36)} ${m('ms').toFixed(0).padStart(5)} ms wall ${m('cpuMs').toFixed(0).padStart(5)} ms CPU ${(m('rssKiB') / 1024).toFixed(1).padStart(6)} MiB peak RSS   GitHub ${m('github')} calls, LiveDesk ${m('desk')}`,
    )
  }
  console.log(lines.join('\n'))
} catch (err) {
  console.error(`bench:sync: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
} finally {
  await github.close()
  await desk.close()
}
