import path from 'node:path'
import { createInterface } from 'node:readline'
import { loadConfig } from '../../config/load-config.js'
import { EXIT, InputError } from '../../core/errors.js'
import { openLiveSession } from '../../record/live-session.js'
import { createRecorder, RECORD_HELP } from '../../record/recorder.js'
import { renderRecording, transcriptToScenario, type RecordedTurn } from '../../record/transcript.js'
import { slug } from '../../import/names.js'
import { loadScenarios } from '../../scenario/load.js'
import { schemaValidator } from '../../scenario/schema.js'
import { packagePath } from '../../util/package-path.js'
import { neutralise } from '../../util/safe-text.js'
import { startEmbeddedAssistant } from '../embedded-assistant.js'
import { handleError } from '../handle-error.js'
import { prepareOutFile, writeAtomic } from '../output.js'

import type { RecordFlags } from '../../options/command-options.js'
import { resolveSetting } from '../../options/resolve-run-settings.js'
import { RUN_OPTIONS } from '../../options/run-options.js'

/**
 * `banter record`: a prompt on stdin (a terminal or a pipe). Each line is sent to the endpoint and
 * the reply shown with its intent, entities and action. On /quit, end of input or Ctrl-C the
 * transcript is saved (atomically) as a scenario and checked as `banter run` would load it.
 */
export async function recordCommand(opts: RecordFlags): Promise<number> {
  const cwd = process.cwd()
  const config = await loadConfig(opts.config, cwd, process.env)
  const name = opts.name ?? `Recorded conversation ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`
  const defaultFile = opts.out ?? path.join('recorded', `${slug(name)}.yaml`)
  await prepareOutFile(path.resolve(cwd, defaultFile), '--out')
  const session = await openLiveSession(
    {
      endpoint: opts.endpoint,
      timeoutMs: resolveSetting(RUN_OPTIONS.timeoutMs, undefined, config).value,
      defaultEndpoint: startEmbeddedAssistant,
    },
    config,
  )
  const print = (line: string) => {
    process.stdout.write(`${neutralise(line)}\n`)
  }
  const recorder = createRecorder(session, {
    print,
    save: (turns, file) => saveRecording(turns, { file: file ?? defaultFile, name, target: session.target, cwd }),
  })
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY), prompt: 'you> ' })
  // Ctrl-C saves like /quit: readline reports it on a terminal, the process signal otherwise.
  const stop = () => rl.close()
  rl.on('SIGINT', stop)
  process.once('SIGINT', stop)
  print(`Recording a conversation with ${session.target}.\n${RECORD_HELP}`)
  // Piped input (tests, scripts) gets no prompts: they would interleave with the replies.
  const prompt = () => {
    if (process.stdin.isTTY) rl.prompt()
  }
  try {
    prompt()
    for await (const line of rl) {
      if (!(await recorder.handle(line))) break
      prompt()
    }
    await recorder.finish()
    if (!recorder.turns.length) print('nothing recorded; no file written')
  } finally {
    process.off('SIGINT', stop)
    rl.close()
    await session.close()
  }
  return EXIT.ok
}

async function saveRecording(
  turns: readonly RecordedTurn[],
  opts: { file: string; name: string; target: string; cwd: string },
): Promise<string> {
  const scenario = transcriptToScenario([...turns], { name: opts.name })
  const validate = schemaValidator('scenario')
  if (!validate(scenario)) throw new Error(`recorded scenario does not match the schema: ${JSON.stringify(validate.errors)}`)
  const abs = path.resolve(opts.cwd, opts.file)
  const schemaRef = path.relative(path.dirname(abs), packagePath('schema/scenario.schema.json')).split(path.sep).join('/')
  await writeAtomic(abs, renderRecording(scenario, { schemaRef, target: opts.target }))
  try {
    await loadScenarios([opts.file], { cwd: opts.cwd })
  } catch (err) {
    // Keep the recording: report why it will not load as is, so it can be fixed by hand.
    if (!(err instanceof InputError)) throw err
    handleError(err)
  }
  return opts.file
}
