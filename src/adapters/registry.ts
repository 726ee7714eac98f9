import type { Adapter } from './adapter.js'
import { createDirectLineAdapter } from './directline.js'
import type { AdapterContext, AdapterName } from './endpoint.js'
import { createHttpAdapter } from './http.js'
import { createOpenAiAdapter } from './openai.js'
import { createRasaAdapter } from './rasa.js'

/** Adapters by the name users give as `endpoint.adapter`. */
const ADAPTERS: Record<AdapterName, (ctx: AdapterContext) => Adapter> = {
  http: createHttpAdapter,
  rasa: createRasaAdapter,
  openai: createOpenAiAdapter,
  directline: createDirectLineAdapter,
}

/** The adapter for `ctx.endpoint.adapter` (default: the generic http adapter). */
export function createAdapter(ctx: AdapterContext): Adapter {
  return ADAPTERS[ctx.endpoint.adapter ?? 'http'](ctx)
}
