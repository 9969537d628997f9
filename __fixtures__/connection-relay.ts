// A TCP relay on 127.0.0.1 in front of a real server, for the tests of connections opened ahead and
// kept alive: it records each connection (when it was accepted, when its first byte came, every byte)
// and can misbehave on a given connection the way servers do (close it idle, reset it, speak first).
import net, { type AddressInfo } from 'node:net'

/** What the relay does with one connection. */
export type RelayBehaviour =
  | 'forward'
  /** Reset it as soon as it is accepted. */
  | 'reset'
  /** Close it (FIN) after this many ms without forwarding a byte, as a server closes an idle connection. */
  | { closeAfterMs: number }
  /** Write this (a server's own words, an HTTP 408 say) as soon as it is accepted; forward nothing. */
  | { say: string }
  /** Forward it, but hold the answer's first bytes back this many ms (a far server, a slow handshake). */
  | { delayAnswerMs: number }

export interface RelayedConnection {
  acceptedAt: number
  firstByteAt?: number
  closedAt?: number
  bytes: Buffer
}

export interface Relay {
  url: string
  port: number
  connections: RelayedConnection[]
  close(): Promise<void>
}

/**
 * @param targetPort the server behind, on 127.0.0.1
 * @param behaviours by connection, in the order they are accepted; 'forward' for the rest
 */
export async function startRelay(targetPort: number, behaviours: RelayBehaviour[] = []): Promise<Relay> {
  const connections: RelayedConnection[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const seen: RelayedConnection = { acceptedAt: Date.now(), bytes: Buffer.alloc(0) }
    const behaviour = behaviours[connections.length] ?? 'forward'
    connections.push(seen)
    sockets.add(client)
    client.on('error', () => undefined)
    client.on('data', (chunk: Buffer) => {
      seen.firstByteAt ??= Date.now()
      seen.bytes = Buffer.concat([seen.bytes, chunk])
    })
    client.on('close', () => {
      seen.closedAt = Date.now()
      sockets.delete(client)
    })
    if (behaviour === 'reset') return client.resetAndDestroy()
    if (typeof behaviour === 'object' && 'closeAfterMs' in behaviour) {
      setTimeout(() => client.end(), behaviour.closeAfterMs)
      return
    }
    if (typeof behaviour === 'object' && 'say' in behaviour) return void client.write(behaviour.say)
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    upstream.on('close', () => sockets.delete(upstream))
    client.on('close', () => upstream.destroy())
    client.pipe(upstream)
    const delay = typeof behaviour === 'object' ? behaviour.delayAnswerMs : 0
    upstream.on('data', (chunk: Buffer) => setTimeout(() => client.writable && client.write(chunk), delay))
    upstream.on('end', () => setTimeout(() => client.end(), delay))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
