// Preloaded into the bundle's process (NODE_OPTIONS=--import), a resolver for names under .test:
// - "*.hang.test" never answers, as a resolver that drops queries. Node cannot cancel getaddrinfo,
//   whose pending request keeps the process alive until it returns; the 30 s timer stands for it.
// - "*.nxdomain.test" does not exist: getaddrinfo's ENOTFOUND, as for a typo in a host name.
// Every other name is looked up as usual.
import dns from 'node:dns'

const lookup = dns.lookup
dns.lookup = function (host, ...rest) {
  const name = String(host)
  if (name.endsWith('.hang.test')) {
    setTimeout(() => undefined, 30_000)
    return
  }
  if (name.endsWith('.nxdomain.test')) {
    const callback = rest[rest.length - 1]
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), {
      code: 'ENOTFOUND',
      errno: -3008,
      syscall: 'getaddrinfo',
      hostname: name,
    })
    process.nextTick(() => callback(err))
    return
  }
  return lookup.call(this, host, ...rest)
}
