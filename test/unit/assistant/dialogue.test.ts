import { describe, expect, it } from 'vitest'
import { orderStatus, respond, type DialogueOptions, type DialogueTurn, type SessionContext } from '../../../src/assistant/dialogue.js'
import { misclassifying } from '../../helpers/misclassify.js'

/** Plays the messages in one session and returns every turn. */
function converse(messages: string[], options: DialogueOptions = {}): DialogueTurn[] {
  let context: SessionContext = {}
  return messages.map((message) => {
    const turn = respond(context, message, options)
    context = turn.context
    return turn
  })
}

describe('respond', () => {
  it('plays the seed conversation', () => {
    const [first, second] = converse(['Hello, I need help with my order', 'My order number is 12345'])
    expect(first).toMatchObject({
      intent: { name: 'order_help' },
      action: 'ask_order_details',
      entities: [],
      reply: 'I can help with your order. What is your order number?',
      context: { pendingIntent: 'order_help' },
    })
    expect(second).toMatchObject({
      intent: { name: 'order_help' },
      action: 'retrieve_order',
      entities: [{ type: 'order_id', value: '12345', start: 19, end: 24 }],
      reply: 'I found order 12345. Its status is shipped: it is on its way.',
      context: { orderId: '12345' },
    })
    expect(second?.context.pendingIntent).toBeUndefined()
  })

  it('carries a pending cancel over to a bare order id', () => {
    const [ask, done] = converse(['I want to cancel my order', '12345'])
    expect(ask).toMatchObject({ action: 'ask_order_details', reply: 'I can cancel your order. What is your order number?' })
    expect(done).toMatchObject({
      intent: { name: 'cancel_order', confidence: 0.8 },
      action: 'cancel_order',
      reply: "I've cancelled order 12345. You will receive a confirmation shortly.",
    })
  })

  it('carries a pending refund over, mentioning a known email', () => {
    const turns = converse(['I want a refund', 'my email is jo@example.com', "it's 54321"])
    expect(turns.map((t) => t.action)).toEqual(['ask_order_details', 'fallback', 'start_refund'])
    expect(turns[2]?.reply).toBe("I've started a refund for order 54321. A confirmation has been sent to jo@example.com.")
    expect(turns[2]?.context).toEqual({ orderId: '54321', email: 'jo@example.com' })
  })

  it('reads a bare order id with nothing pending as a status request', () => {
    const [turn] = converse(['12347'])
    expect(turn).toMatchObject({ intent: { name: 'order_status', confidence: 0.6 }, action: 'retrieve_order' })
    expect(turn?.reply).toBe('I found order 12347. Its status is delivered: it has been delivered.')
  })

  it('uses an order id remembered from an earlier turn', () => {
    const turns = converse(['where is order 12340?', 'cancel it', 'I want a refund'])
    expect(turns.map((t) => t.action)).toEqual(['retrieve_order', 'cancel_order', 'start_refund'])
    expect(turns[0]?.reply).toBe('I found order 12340. Its status is processing: it is being prepared and has not shipped yet.')
    expect(turns[1]?.reply).toContain('12340')
  })

  it('asks again when the order id does not exist, keeping the intent pending', () => {
    const turns = converse(['where is my order', '01234', '22222'])
    expect(turns.map((t) => t.action)).toEqual(['ask_order_details', 'order_not_found', 'retrieve_order'])
    expect(turns[1]?.reply).toBe("I couldn't find an order with number 01234. Please check the number and try again.")
    expect(turns[1]?.context).toEqual({ pendingIntent: 'order_status' })
    expect(turns[2]?.intent).toEqual({ name: 'order_status', confidence: 0.8 })
  })

  it('maps the social intents to fixed replies and clears anything pending', () => {
    const turns = converse(['hi', 'cancel my order', 'talk to a human', 'bye', 'what?'])
    expect(turns.map((t) => t.action)).toEqual(['greet', 'ask_order_details', 'escalate_to_human', 'say_goodbye', 'fallback'])
    expect(turns[0]?.reply).toBe("Hello! I'm the order support assistant. How can I help you today?")
    expect(turns[2]?.reply).toBe('Let me connect you with a human agent. Please hold on.')
    expect(turns[2]?.context.pendingIntent).toBeUndefined()
    expect(turns[3]?.reply).toBe('Thank you for contacting us. Goodbye!')
    expect(turns[4]?.reply).toMatch(/^Sorry, I didn't understand that\./)
  })

  it('keeps a pending intent through a plain fallback', () => {
    const turns = converse(['I want to cancel', 'hmm let me look', '12345'])
    expect(turns.map((t) => t.action)).toEqual(['ask_order_details', 'fallback', 'cancel_order'])
  })

  it('acts on the NLU it is given (an injected misclassification)', () => {
    const [turn] = converse(['I want to cancel my order'], { classify: misclassifying('cancel') })
    expect(turn).toMatchObject({ intent: { name: 'fallback', confidence: 0.3 }, action: 'fallback' })
    const [other] = converse(['where is my order'], { classify: misclassifying('cancel') })
    expect(other?.action).toBe('ask_order_details')
  })

  it('does not mutate the given context', () => {
    const context: SessionContext = { pendingIntent: 'cancel_order' }
    respond(context, '12345')
    expect(context).toEqual({ pendingIntent: 'cancel_order' })
  })

  it('is deterministic', () => {
    const messages = ['Hello, I need help with my order', 'My order number is 12345', 'cancel it', 'bye']
    expect(converse(messages)).toEqual(converse(messages))
  })
})

describe('orderStatus', () => {
  it('derives the status from the last digit; a leading 0 means not found', () => {
    expect(['10000', '10001', '10002', '10003'].map(orderStatus)).toEqual(['processing', 'processing', 'processing', 'processing'])
    expect(['10004', '10005', '10006'].map(orderStatus)).toEqual(['shipped', 'shipped', 'shipped'])
    expect(['10007', '10008', '10009'].map(orderStatus)).toEqual(['delivered', 'delivered', 'delivered'])
    expect(orderStatus('00000')).toBe('not_found')
    expect(orderStatus('01239')).toBe('not_found')
  })
})
