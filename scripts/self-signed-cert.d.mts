/** An EC key and its self-signed certificate for localhost and 127.0.0.1, written into `dir`. */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string }
