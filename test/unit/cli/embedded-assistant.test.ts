import { describe, expect, it } from 'vitest'
import { startEmbeddedAssistant } from '../../../src/cli/embedded-assistant.js'

describe('the embedded reference assistant (the CLI default endpoint)', () => {
  it('starts on a loopback port, answers chat and feedback, and is gone once closed', async () => {
    const started = await startEmbeddedAssistant({ connections: 4 })
    const base = started.url.replace(/\/chat$/, '')
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chat$/)
    expect(started.feedbackUrl).toBe(`${base}/feedback`)
    expect(started.label).toBe(`the embedded reference assistant (${base})`)
    try {
      const res = await fetch(started.url, { method: 'POST', body: JSON.stringify({ session_id: 's1', message: 'hello' }) })
      expect(await res.json()).toMatchObject({ intent: { name: 'greeting' }, action: 'greet' })
    } finally {
      await started.close()
    }
    await expect(fetch(`${base}/health`)).rejects.toThrow()
  })
})
