import type { PlannedToolResults, ValueTemplate } from '../scenario/compiled-conversation.js'
import { renderTemplate, renderValue, type Scope } from '../template/template.js'

/**
 * A turn's `tool_results` as the texts of `role: tool` messages: a JSON value is rendered (its
 * {{variables}} filled in; a string that is one placeholder keeps the variable's type) and sent as
 * JSON text, a text as is, a file's text as read.
 */
export function renderToolResults(results: PlannedToolResults, scope: Scope): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, source] of Object.entries(results.tools)) {
    out[name] =
      source.kind === 'text'
        ? renderTemplate(source.template, scope)
        : source.kind === 'file'
          ? (source.text ?? '')
          : JSON.stringify(rendered(source.value, scope))
  }
  return out
}

function rendered(value: ValueTemplate, scope: Scope): unknown {
  switch (value.kind) {
    case 'text':
      return renderValue(value.template, scope) ?? null
    case 'literal':
      return value.value
    case 'list':
      return value.items.map((v) => rendered(v, scope))
    case 'object':
      return Object.fromEntries(value.entries.map(([k, v]) => [k, rendered(v, scope)]))
  }
}
