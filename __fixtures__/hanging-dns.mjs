// Preloaded into the bundle's process (NODE_OPTIONS=--import): a DNS lookup of a name ending in
// ".hang.test" never answers, as with a resolver that drops queries. Node cannot cancel getaddrinfo,
// whose pending request keeps the process alive until it returns; the 30 s timer stands for it.
import dns from 'node:dns'

const lookup = dns.lookup
dns.lookup = function (host, ...rest) {
  if (!String(host).endsWith('.hang.test')) return lookup.call(this, host, ...rest)
  setTimeout(() => undefined, 30_000)
}
