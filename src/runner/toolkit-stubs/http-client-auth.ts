// Build-time stand-in for @actions/http-client/lib/auth (tsconfig "paths"): see http-client.ts.
export class BearerCredentialHandler {
  constructor(readonly token: string) {}
}
