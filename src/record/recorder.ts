import { EndpointError } from '../network/transport.js'
import type { LiveSession } from './live-session.js'
import { describeReply, type RecordedTurn } from './transcript.js'

export interface RecorderIo {
  /** Prints a line for the user. */
  print(line: string): void
  /** Writes the transcript; `file` from `/save FILE`, else the default. Returns the path written. */
  save(turns: readonly RecordedTurn[], file?: string): Promise<string>
}

export interface Recorder {
  /** Handles one input line; resolves to false after `/quit`. */
  handle(line: string): Promise<boolean>
  /** Saves on exit if anything was recorded since the last save. */
  finish(): Promise<void>
  readonly turns: readonly RecordedTurn[]
}

export const RECORD_HELP = 'Type a message. Commands: /save [file], /undo (drop the last turn), /quit (save and exit), /help.'

/**
 * The recording loop's logic, free of terminals: messages go to the live session and are
 * recorded with their replies; `/undo` drops the last turn and, because the assistant already
 * saw it, replays the kept messages in a fresh session so the recording stays replayable.
 */
export function createRecorder(session: LiveSession, io: RecorderIo): Recorder {
  const turns: RecordedTurn[] = []
  let saved = 0
  let lastFile: string | undefined
  const save = async (file?: string) => {
    if (!turns.length) return io.print('nothing recorded yet')
    lastFile = await io.save(turns, file ?? lastFile)
    io.print(`saved ${turns.length} turn${turns.length === 1 ? '' : 's'} to ${lastFile}`)
    saved = turns.length
  }
  const commands: Record<string, (arg: string) => Promise<boolean | void>> = {
    '/save': (arg) => save(arg || undefined),
    '/quit': async () => false,
    '/exit': async () => false,
    '/help': async () => io.print(RECORD_HELP),
    '/undo': async () => {
      const dropped = turns.pop()
      if (!dropped) return io.print('nothing to undo')
      io.print(`undone: "${dropped.message}"; replaying ${turns.length} turn${turns.length === 1 ? '' : 's'} in a fresh session`)
      await session.restart()
      for (const t of turns) t.reply = await session.send(t.message)
      saved = Math.min(saved, turns.length - 1)
    },
  }
  return {
    turns,
    async handle(line) {
      const text = line.trim()
      if (!text) return true
      const [cmd = '', ...rest] = text.split(/\s+/)
      const command = text.startsWith('/') ? commands[cmd] : undefined
      if (text.startsWith('/') && !command) {
        io.print(`unknown command ${cmd}. ${RECORD_HELP}`)
        return true
      }
      try {
        if (command) return (await command(rest.join(' '))) !== false
        const reply = await session.send(text)
        turns.push({ message: text, reply })
        io.print(`bot> ${reply.text}`)
        io.print(`     ${describeReply(reply)}`)
      } catch (err) {
        if (!(err instanceof EndpointError)) throw err
        io.print(`error: ${err.message} (not recorded)`)
      }
      return true
    },
    async finish() {
      if (turns.length && saved !== turns.length) await save()
    },
  }
}
