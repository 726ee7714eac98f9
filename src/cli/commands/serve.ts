import { startAssistant } from '../../assistant/server.js'
import { EXIT } from '../../errors.js'
import { readFaultOptions } from '../faults-options.js'

export interface ServeFlags {
  port: number
  host: string
  faults?: string
  faultsFile?: string
  faultSeed?: number
  feedbackFile?: string
}

/** `banter serve`: the reference assistant until SIGINT or SIGTERM, then a clean shutdown. */
export async function serveCommand(opts: ServeFlags): Promise<number> {
  const faults = await readFaultOptions(opts)
  const assistant = await startAssistant({ port: opts.port, host: opts.host, feedbackFile: opts.feedbackFile, faults })
  const feedback = opts.feedbackFile ? `feedback in ${opts.feedbackFile}` : 'feedback in memory'
  process.stdout.write(`banter reference assistant listening on ${assistant.url} (POST /chat, GET /health, GET /metrics, POST|GET /feedback; ${feedback})${faults ? ` with faults (seed ${faults.seed})` : ''}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await assistant.close()
  process.stdout.write('stopped\n')
  return EXIT.ok
}
