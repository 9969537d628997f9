// Connections kept open between the reads of one run, so that a run's reads of one host go over one
// connection instead of a handshake each. The transport sends only reads over them (see connectionFor).
import http from 'node:http'
import https from 'node:https'
import type { KeptConnections } from './transport.js'

/**
 * How long an idle connection is kept for the next read: a run's reads follow each other within
 * milliseconds, and an old connection is likelier to be one the server is closing.
 */
const IDLE_MS = 4_000

/** A new set of kept connections (idle ones never hold the step open: Node's agent unrefs them). */
export function keptConnections(): KeptConnections {
  const agents = new Map<string, http.Agent>()
  return {
    agent(url) {
      let agent = agents.get(url.protocol)
      if (!agent) {
        const Agent = url.protocol === 'https:' ? https.Agent : http.Agent
        agent = new Agent({ keepAlive: true, timeout: IDLE_MS })
        agents.set(url.protocol, agent)
      }
      return agent
    },
  }
}
