export type EndpointErrorCode = 'CONNECTION_REFUSED' | 'CONNECTION_RESET' | 'TIMEOUT' | 'HTTP_STATUS' | 'BAD_RESPONSE' | 'NETWORK' | 'ABORTED'

/**
 * An endpoint or protocol failure. `code` is stable and documented: CONNECTION_REFUSED,
 * CONNECTION_RESET, TIMEOUT, HTTP_STATUS, BAD_RESPONSE, NETWORK, and ABORTED (the run was
 * interrupted or hit --max-duration while the request was in flight).
 */
export class EndpointError extends Error {
  /** Attempts beyond the first made before giving up. */
  retries = 0
  constructor(readonly code: string, message: string, readonly status?: number) {
    super(message)
    this.name = 'EndpointError'
  }
}
