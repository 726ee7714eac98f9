import { describe, expect, it } from 'vitest'
import { shellWord } from '../../../src/util/shell-word.js'

describe('shellWord', () => {
  it('leaves words of safe characters bare and single-quotes the rest', () => {
    expect(shellWord('scenarios/generators/order-status.yaml')).toBe('scenarios/generators/order-status.yaml')
    expect(shellWord('http://127.0.0.1:8080/chat')).toBe('http://127.0.0.1:8080/chat')
    expect(shellWord('order-status#12')).toBe("'order-status#12'")
    expect(shellWord('my dir/x.yaml')).toBe("'my dir/x.yaml'")
    expect(shellWord('$HOME')).toBe("'$HOME'")
    expect(shellWord('~/x')).toBe("'~/x'")
    expect(shellWord('http://***@host/chat')).toBe("'http://***@host/chat'")
  })
  it("writes a quote inside as '\\'' and the empty word as ''", () => {
    expect(shellWord("it's")).toBe(`'it'\\''s'`)
    expect(shellWord("'")).toBe(`''\\'''`)
    expect(shellWord('')).toBe("''")
  })
})
