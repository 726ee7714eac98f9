import type { TurnAttempt } from '../report/model.js'

export type EndpointErrorCode =
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'TIMEOUT'
  | 'HTTP_STATUS'
  | 'BAD_RESPONSE'
  | 'NETWORK'
  | 'ABORTED'

/**
 * An endpoint or protocol failure. `code` is stable and documented: CONNECTION_REFUSED,
 * CONNECTION_RESET, TIMEOUT, HTTP_STATUS, BAD_RESPONSE, NETWORK, and ABORTED (the run was
 * interrupted or hit --max-duration while the request was in flight or waiting to be sent).
 */
export class EndpointError extends Error {
  /** Attempts beyond the first made before giving up. */
  retries = 0
  /** Every attempt, when there was more than one. */
  attempts?: TurnAttempt[]
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'EndpointError'
  }
}
