import { startAssistant } from '../../assistant/server.js'
import { EXIT } from '../../errors.js'

/** `banter serve`: the reference assistant until SIGINT or SIGTERM, then a clean shutdown. */
export async function serveCommand(opts: { port: number; host: string }): Promise<number> {
  const assistant = await startAssistant({ port: opts.port, host: opts.host })
  process.stdout.write(`banter reference assistant listening on ${assistant.url} (POST /chat, GET /health, GET /metrics)\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await assistant.close()
  process.stdout.write('stopped\n')
  return EXIT.ok
}
