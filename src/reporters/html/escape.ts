/**
 * Escaping for the HTML report. Text goes into markup through `escapeHtml`; the run's data goes
 * into one `<script type="application/json">` through `embedJson`, which escapes every character
 * that could end the script element or confuse an HTML parser, so no string can break out.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text safe in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }

/** JSON for the body of a `<script type="application/json">`: no `<`, `>`, `&`, U+2028 or U+2029 survive. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c]!)
}
