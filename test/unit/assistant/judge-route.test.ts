import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'
import { judgeMessages } from '../../../src/judge/prompt.js'

describe("the reference assistant's judge endpoint (POST /judge/v1/chat/completions)", () => {
  let assistant: RunningAssistant
  beforeAll(async () => {
    assistant = await startAssistant({ now: () => 1_700_000_000_000 })
  })
  afterAll(async () => {
    await assistant.close()
  })

  const post = (body: unknown) =>
    fetch(`${assistant.url}/judge/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('answers like an OpenAI chat completion whose content is {score, reason}, the same every time', async () => {
    const request = { model: 'any-model', messages: judgeMessages('Apologises and offers a refund', 'We apologise and will refund you.') }
    const first = await post(request)
    expect(first.status).toBe(200)
    const body = (await first.json()) as {
      object: string
      model: string
      created: number
      choices: { message: { role: string; content: string } }[]
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
    }
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'any-model',
      created: 1_700_000_000,
      choices: [{ message: { role: 'assistant' } }],
    })
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({
      score: 0.67,
      reason: '2 of 3 key terms found: apologises, refund; missing: offers',
    })
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens)
    const again = (await (await post(request)).json()) as typeof body
    expect(again.choices[0]!.message.content).toBe(body.choices[0]!.message.content)
  })

  it("refuses a request it cannot grade with 400 in OpenAI's error shape", async () => {
    for (const bad of [
      '{',
      { messages: [] },
      { model: 'm', messages: [{ role: 'user', content: 'grade this please' }] },
      { model: 'm', messages: [{ role: 'user', content: 5 }] },
    ]) {
      const res = await post(bad)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.any(String) } })
    }
    expect((await fetch(`${assistant.url}/judge/v1/chat/completions`)).status).toBe(405)
  })
})
