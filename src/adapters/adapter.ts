import type { AssistantReply, TurnAttempt } from '../report/model.js'

/** What a turn sends: the rendered user message and the conversation's variables. */
export interface TurnInput {
  message: string
  /** 0-based turn index. */
  turn: number
  vars: Readonly<Record<string, unknown>>
  /**
   * The turn's `tool_results`, rendered: what each tool returns, by name, as the text of a
   * `role: tool` message. Adapters that run a tool loop (openai) use it; set only when the turn has them.
   */
  toolResults?: Readonly<Record<string, string>>
}

export interface TurnOutput {
  reply: AssistantReply
  /** What the user waited: from sending the turn's first request to the final answer (HttpResponse.latencyMs). */
  latencyMs: number
  retries: number
  /** The message request's attempts, when there was more than one. */
  attempts?: TurnAttempt[]
  /** Time to first token, for streaming protocols. */
  ttftMs?: number
}

/** One conversation with the assistant: open, send turns in order, end. */
export interface AdapterSession {
  send(input: TurnInput): Promise<TurnOutput>
  end(): Promise<void>
}

/**
 * A protocol for talking to an assistant. Adapters throw EndpointError (network/endpoint-error.ts) for
 * endpoint and protocol failures; they never evaluate expectations.
 */
export interface Adapter {
  /** Where this adapter sends requests, with secrets redacted: for reports. */
  readonly target: string
  open(ids: { sessionId: string; userId: string }): Promise<AdapterSession>
  close(): Promise<void>
}
