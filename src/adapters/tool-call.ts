import type { ToolCall } from '../report/model.js'

/** Longest invalid arguments text kept for the report. */
const MAX_SHOWN = 2000

/** A call with its arguments parsed: an object as is, a JSON text parsed, an empty text as {}. */
export function parsedCall(name: string, args: unknown, round: number): ToolCall {
  if (typeof args !== 'string') return { name, arguments: args ?? {}, round }
  if (args.trim() === '') return { name, arguments: {}, round }
  try {
    return { name, arguments: JSON.parse(args) as unknown, round }
  } catch (err) {
    return {
      name,
      invalidArguments: { text: args.length > MAX_SHOWN ? `${args.slice(0, MAX_SHOWN)}…` : args, error: (err as Error).message },
      round,
    }
  }
}
