import { startAssistant, type AssistantHandlerOptions } from '../assistant/server.js'
import type { EndpointStarter } from '../execute/resolve-endpoint.js'

/**
 * The endpoint `banter run` and `banter record` use when neither --endpoint nor the config names
 * one: the reference assistant, started in-process on a free loopback port so banter runs out of
 * the box, and stopped when the run ends. `options` reach the assistant (tests use them: a
 * temperature and seed make some answers vary, see assistant/sampling.ts).
 */
export function embeddedAssistant(options: Pick<AssistantHandlerOptions, 'temperature' | 'seed' | 'classify'> = {}): EndpointStarter {
  return async ({ connections }) => {
    // Sessions only matter while a conversation is in flight; a small store keeps long runs flat.
    const maxSessions = Math.max(1000, connections * 10)
    const assistant = await startAssistant({ port: 0, host: '127.0.0.1', maxSessions, ...options })
    return {
      url: `${assistant.url}/chat`,
      feedbackUrl: `${assistant.url}/feedback`,
      label: `the embedded reference assistant (${assistant.url})`,
      close: () => assistant.close(),
    }
  }
}

export const startEmbeddedAssistant: EndpointStarter = embeddedAssistant()
