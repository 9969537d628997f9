// The far desk of `npm run bench`: a service across an ocean, on 127.0.0.1. In front of a plain
// stand-in, a TLS server with a self-signed certificate made at bench time (self-signed-cert.mjs; the
// key never leaves the bench's temporary folder; processes trust it through NODE_EXTRA_CA_CERTS), and
// in front of that a TCP proxy that delays every chunk half a round trip each way and a connection's
// first chunk a round trip more (the TCP handshake a real connection pays before its first byte). So
// a new HTTPS connection costs three round trips before its answer (TCP, TLS 1.3, the request), as it
// does to a real far host, and a kept connection one.
import net from 'node:net'
import tls from 'node:tls'

/**
 * An https:// address `rttMs` away that serves what the plain server at `target` (http://127.0.0.1:port)
 * serves.
 * @param {{ target: string, rttMs: number, cert: string, key: string }} options
 */
export async function startFarFront({ target, rttMs, cert, key }) {
  const targetPort = Number(new URL(target).port)
  const sockets = new Set()
  // No Nagle anywhere on the way: on loopback it waits for a delayed ACK (40 ms), which is no distance.
  const track = (socket) => {
    socket.setNoDelay(true)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    return socket
  }
  // TLS ends here; the plain bytes go on to the stand-in.
  const tlsServer = tls.createServer({ cert, key }, (secure) => {
    track(secure)
    const plain = track(net.connect(targetPort, '127.0.0.1'))
    secure.pipe(plain).pipe(secure)
    secure.on('close', () => plain.destroy())
    plain.on('close', () => secure.destroy())
  })
  tlsServer.on('tlsClientError', () => undefined)
  await listen(tlsServer)
  const tlsPort = tlsServer.address().port
  const proxy = net.createServer((client) => {
    track(client)
    const server = track(net.connect(tlsPort, '127.0.0.1'))
    delayed(client, server, rttMs / 2, rttMs)
    delayed(server, client, rttMs / 2, 0)
  })
  await listen(proxy)
  return {
    url: `https://127.0.0.1:${proxy.address().port}`,
    rttMs,
    close: async () => {
      for (const s of sockets) s.destroy()
      await Promise.all([close(proxy), close(tlsServer)])
    },
  }
}

/** Copies `from` to `to`, each chunk `oneWayMs` late (the first `firstExtraMs` more), in order; the end too. */
function delayed(from, to, oneWayMs, firstExtraMs) {
  // One queue and one timer a direction: timers of different lengths due at the same ms may fire in either order.
  const queue = []
  let timer
  let first = true
  const drain = () => {
    timer = undefined
    while (queue.length > 0 && queue[0].due <= Date.now()) queue.shift().act()
    if (queue.length > 0) timer = setTimeout(drain, queue[0].due - Date.now())
  }
  const later = (act) => {
    queue.push({ due: Date.now() + oneWayMs + (first ? firstExtraMs : 0), act })
    first = false
    timer ??= setTimeout(drain, queue[0].due - Date.now())
  }
  from.on('data', (chunk) => later(() => to.writable && to.write(chunk)))
  from.on('end', () => later(() => to.end()))
  // A connection lost (not ended) is lost on the other side too.
  from.on('close', () => later(() => to.writableEnded || to.destroy()))
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
}

function close(server) {
  return new Promise((resolve) => server.close(() => resolve(undefined)))
}
