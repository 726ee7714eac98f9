import { describe, expect, it } from 'vitest'
import { classify, extractEntities, normalize } from '../../../src/assistant/nlu.js'
import { containsWord, misclassifying } from '../../helpers/misclassify.js'

const PHRASINGS: Record<string, string[]> = {
  greeting: ['hi', 'Hi!', 'hello there', 'Hello there!', 'good morning', 'Good evening', 'Hey', 'howdy'],
  order_help: [
    'Hello, I need help with my order',
    'I need help',
    'Can you help me with an order?',
    'I have a problem with my order',
    'I have a question about my order',
    'My order number is 12345',
  ],
  order_status: [
    'where is my order',
    'Where is my order?',
    "where's my package",
    'track my package',
    'Can I track my order?',
    'order status',
    'What is the status of my order #12345?',
    'has my order shipped?',
    'Has it shipped yet',
    'When will my package arrive?',
    'Hi, where is my order?',
  ],
  cancel_order: [
    'cancel my order',
    'I want to cancel',
    'Please cancel order 12345',
    'CANCEL',
    "I don't want it anymore",
    'Hello, cancel my order please',
  ],
  refund_request: [
    'I want a refund',
    'money back',
    'return this item',
    'Can I get my money back for order 12345?',
    'I want to return it',
    'refund please!',
  ],
  talk_to_human: [
    'talk to a human',
    'Can I speak to an agent?',
    'I want to talk to a real person',
    'representative please',
    'customer service person',
    'let me talk to someone',
    'Connect me with a human about my refund',
  ],
  goodbye: [
    'bye',
    'goodbye',
    'Bye!',
    "thanks, that's all",
    'Thanks, that’s all',
    'Thank you so much',
    'Have a nice day',
    'thanks for your help',
    'see you',
  ],
  fallback: ['12345', "it's 12345", 'what is the weather', 'asdf', '', '   ', '?!', 'in order to do this', 'yes', 'ok'],
}

describe('classify', () => {
  for (const [intent, phrasings] of Object.entries(PHRASINGS)) {
    describe(intent, () => {
      it.each(phrasings)('%j', (message) => {
        expect(classify(message).name).toBe(intent)
      })
    })
  }

  it('gives confidences in (0, 1], strong patterns higher than weak ones', () => {
    expect(classify('Hello, I need help with my order')).toEqual({ name: 'order_help', confidence: 0.95 })
    expect(classify('I need help')).toEqual({ name: 'order_help', confidence: 0.7 })
    expect(classify('My order number is 12345')).toEqual({ name: 'order_help', confidence: 0.85 })
    expect(classify('hi')).toEqual({ name: 'greeting', confidence: 0.95 })
    expect(classify('gibberish')).toEqual({ name: 'fallback', confidence: 0.3 })
    for (const phrasings of Object.values(PHRASINGS)) {
      for (const message of phrasings) {
        const { confidence } = classify(message)
        expect(confidence).toBeGreaterThan(0)
        expect(confidence).toBeLessThanOrEqual(1)
      }
    }
  })

  it('does not match words inside other words', () => {
    expect(classify('this thing').name).toBe('fallback')
    expect(classify('which one').name).toBe('fallback')
  })

  it('is deterministic', () => {
    const message = 'Hello, I need help with my order'
    expect(classify(message)).toEqual(classify(message))
  })

  it('with an injected misclassification, a message containing the word is fallback (whole word, any case)', () => {
    const faulty = misclassifying('cancel')
    expect(faulty('I want to CANCEL my order')).toEqual({ name: 'fallback', confidence: 0.3 })
    expect(faulty('cancellation please').name).toBe('cancel_order')
    expect(faulty('where is my order')).toEqual(classify('where is my order'))
    expect(misclassifying('')('where is my order').name).toBe('order_status')
  })
})

describe('containsWord', () => {
  it('matches whole words only and escapes regex characters', () => {
    expect(containsWord('Refund, please', 'refund')).toBe(true)
    expect(containsWord('refunds', 'refund')).toBe(false)
    expect(containsWord('a.b', 'a+b')).toBe(false)
    expect(containsWord('call c++ now', 'c++')).toBe(true)
  })
})

describe('normalize', () => {
  it('lower-cases, drops apostrophes and collapses punctuation', () => {
    expect(normalize("  Thanks, THAT'S all!! ")).toBe('thanks thats all')
    expect(normalize('Where’s my order?')).toBe('wheres my order')
  })
})

describe('extractEntities', () => {
  it('finds an order id with offsets', () => {
    const message = 'My order number is 12345'
    expect(extractEntities(message)).toEqual([{ type: 'order_id', value: '12345', start: 19, end: 24 }])
    expect(message.slice(19, 24)).toBe('12345')
  })

  it('strips a leading # from the value but keeps it in the span', () => {
    expect(extractEntities('order #98765, please')).toEqual([{ type: 'order_id', value: '98765', start: 6, end: 12 }])
  })

  it('accepts 5 to 10 digits only', () => {
    expect(extractEntities('1234')).toEqual([])
    expect(extractEntities('1234567890')).toEqual([{ type: 'order_id', value: '1234567890', start: 0, end: 10 }])
    expect(extractEntities('12345678901')).toEqual([])
    expect(extractEntities('abc12345 12345.67 12345-6789')).toEqual([])
  })

  it('finds emails, and does not take their digits for order ids', () => {
    expect(extractEntities('mail me at Jane.Doe+x@example.co.uk.')).toEqual([
      { type: 'email', value: 'Jane.Doe+x@example.co.uk', start: 11, end: 35 },
    ])
    expect(extractEntities('12345@example.com')).toEqual([{ type: 'email', value: '12345@example.com', start: 0, end: 17 }])
  })

  it('finds ISO dates and relative date words', () => {
    expect(extractEntities('ordered on 2024-05-01')).toEqual([{ type: 'date', value: '2024-05-01', start: 11, end: 21 }])
    expect(extractEntities('2024-13-01')).toEqual([])
    expect(extractEntities('Today or TOMORROW, not yesterday')).toEqual([
      { type: 'date', value: 'today', start: 0, end: 5 },
      { type: 'date', value: 'tomorrow', start: 9, end: 17 },
      { type: 'date', value: 'yesterday', start: 23, end: 32 },
    ])
    expect(extractEntities('todays')).toEqual([])
  })

  it('orders entities by start offset', () => {
    const message = 'Order 12345 placed yesterday, email a@b.io, also #67890 on 2024-01-31'
    expect(extractEntities(message).map((e) => [e.type, e.value])).toEqual([
      ['order_id', '12345'],
      ['date', 'yesterday'],
      ['email', 'a@b.io'],
      ['order_id', '67890'],
      ['date', '2024-01-31'],
    ])
    for (const e of extractEntities(message))
      expect(message.slice(e.start, e.end).replace('#', '').toLowerCase()).toBe(e.value.toLowerCase())
  })

  it('finds nothing in plain text', () => {
    expect(extractEntities('Hello, I need help with my order')).toEqual([])
  })
})
