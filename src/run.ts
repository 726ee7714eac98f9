import { createHttpAdapter } from './adapters/http.js'
import { redactor } from './config/env.js'
import { loadConfig, type ResolvedConfig } from './config/load-config.js'
import { resolveEndpoint } from './execute/resolve-endpoint.js'
import { executeCases } from './execute/run-cases.js'
import { createTransport } from './execute/transport.js'
import { summarize } from './metrics/summary.js'
import type { CaseResult, RunReport } from './results.js'
import { loadScenarios } from './scenario/load.js'
import type { Conversation } from './scenario/model.js'
import { selectConversations } from './scenario/select.js'
import { VERSION } from './version.js'

export interface RunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  paths?: string[]
  configFile?: string
  /** An endpoint speaking banter's default JSON shape; overrides the config's. */
  endpoint?: string
  concurrency?: number
  timeoutMs?: number
  grep?: string
  tags?: string[]
  bail?: boolean
}

export interface RunHooks {
  onStart?(info: { total: number; files: number; target: string }): void
  onCaseResult?(result: CaseResult): void
}

export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_PATHS = ['scenarios']

/** The pipeline: config → load → select → endpoint → execute → summarise. */
export async function run(options: RunOptions, hooks: RunHooks = {}, loaded?: ResolvedConfig): Promise<RunReport> {
  const config = loaded ?? await loadConfig(options.configFile, options.cwd, options.env)
  const paths = options.paths?.length ? options.paths : config.scenarios ?? DEFAULT_PATHS
  const suite = await loadScenarios(paths, { cwd: options.cwd, fragmentPaths: config.fragments })
  const conversations = selectConversations(suite.conversations, options)
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY

  const endpoint = await resolveEndpoint(options, config)
  const redact = redactor(config.secrets)
  const adapter = createHttpAdapter(endpoint.http, createTransport({ connections: concurrency }), redact)
  const startedAt = new Date()
  try {
    hooks.onStart?.({ total: conversations.length, files: suite.files.length, target: endpoint.label ?? adapter.target })
    const executed = await executeCases(conversations as Iterable<Conversation>, { adapter, concurrency, bail: options.bail, onCaseResult: hooks.onCaseResult })
    const finishedAt = new Date()
    return {
      version: 1,
      tool: { name: 'banter', version: VERSION },
      run: {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        endpoint: adapter.target,
        concurrency,
        paths,
        ...(executed.stoppedEarly ? { stoppedEarly: `${executed.stoppedEarly}; ${executed.notRun} not run` } : {}),
      },
      summary: summarize(executed.results),
      cases: executed.results,
    }
  } finally {
    await adapter.close()
    await endpoint.close?.()
  }
}
