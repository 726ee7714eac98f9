import { EXIT } from '../core/errors.js'
import { formatDuration } from './duration.js'

/** SIGINT/SIGTERM handling for one run: the first asks the run to stop, a second exits at once. */
export interface Interrupts {
  signal: AbortSignal
  dispose(): void
}

export function listenForInterrupts(graceMs: number): Interrupts {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`\n${name} again: exiting now; reports already written are intact\n`)
      process.exit(EXIT.interrupted)
    }
    process.stderr.write(
      `\n${name}: starting no new conversations; waiting up to ${formatDuration(graceMs)} for those in flight (press Ctrl-C again to exit now)\n`,
    )
    controller.abort(name)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
