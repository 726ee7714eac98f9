import { stat } from 'node:fs/promises'
import { startAssistant } from '../../assistant/server.js'
import { EXIT, inputError, type InputError } from '../../core/errors.js'
import { kindOf } from '../../util/regular-file.js'
import { readFaultOptions } from '../faults-options.js'
import { SERVE_OPTIONS, type ServeFlags } from '../../options/command-options.js'

/** `$BANTER_PORT` as a port number; unset or empty is undefined; anything else is bad input (exit 2). */
export function portFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw inputError(
      'INVALID_PORT',
      `BANTER_PORT: expected a port number (0-65535), got "${value}"`,
      'unset it, or give a number such as 5005',
    )
  return n
}

/** `banter serve`: the reference assistant until SIGINT or SIGTERM, then a clean shutdown. */
export async function serveCommand(opts: ServeFlags): Promise<number> {
  const faults = await readFaultOptions(opts)
  const existing = opts.feedbackFile === undefined ? undefined : await stat(opts.feedbackFile).catch(() => undefined)
  if (existing && !existing.isFile())
    throw inputError(
      'FEEDBACK_FILE_INVALID',
      `--feedback-file: cannot use ${opts.feedbackFile}: it is ${kindOf(existing)}, not a regular file`,
    )
  // --port, else $BANTER_PORT (the image's HEALTHCHECK reads the same variable), else the default.
  const port = opts.port ?? portFromEnv(process.env.BANTER_PORT) ?? SERVE_OPTIONS.port.default
  const host = opts.host ?? SERVE_OPTIONS.host.default
  opts = { ...opts, port, host }
  const assistant = await startAssistant({
    port,
    host,
    feedbackFile: opts.feedbackFile,
    faults,
    temperature: opts.temperature,
    seed: opts.seed,
  }).catch((err: NodeJS.ErrnoException) => {
    throw listenError(err, opts) ?? err
  })
  const feedback = opts.feedbackFile ? `feedback in ${opts.feedbackFile}` : 'feedback in memory'
  process.stdout.write(
    `banter reference assistant listening on ${assistant.url} (POST /chat, POST /v1/chat/completions, GET /health, GET /metrics, POST|GET /feedback, POST /judge/v1/chat/completions; ${feedback})${faults ? ` with faults (seed ${faults.seed})` : ''}${opts.temperature ? ` at temperature ${opts.temperature} (seed ${opts.seed ?? 0})` : ''}\n`,
  )
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await assistant.close()
  process.stdout.write('stopped\n')
  return EXIT.ok
}

/** A port in use, a privileged port, an address not on this machine: the user's to fix (exit 2). */
function listenError(err: NodeJS.ErrnoException, opts: ServeFlags): InputError | undefined {
  const where = `${opts.host}:${opts.port}`
  if (err.code === 'EADDRINUSE')
    return inputError(
      'PORT_IN_USE',
      `cannot listen on ${where}: the port is in use`,
      'choose another with --port, or --port 0 for a free one',
    )
  if (err.code === 'EACCES')
    return inputError(
      'PORT_DENIED',
      `cannot listen on ${where}: permission denied`,
      'ports below 1024 need privileges; use a higher --port',
    )
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
    return inputError('BAD_HOST', `cannot listen on ${where}: no such address on this machine`, 'use 127.0.0.1 (the default) or 0.0.0.0')
  return undefined
}
