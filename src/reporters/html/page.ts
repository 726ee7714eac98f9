/**
 * Assembles the self-contained report page. The Content-Security-Policy allows nothing from the
 * network and only the report's own inline script and stylesheet, by their SHA-256 hashes: even
 * if some text escaped its escaping, an injected script or handler could not run.
 */
import { createHash } from 'node:crypto'
import { confusionSection, histogramSection } from './charts.js'
import { CLIENT_SCRIPT } from './client.js'
import { toPageData } from './data.js'
import { embedJson, escapeHtml } from './escape.js'
import { alertsSection, tilesSection, verdictSection, warningsSection, type HtmlInput } from './sections.js'
import { STYLE } from './style.js'
import { repeatsSection } from './repeats.js'
import { generatorsSection, intentsSection, tagsSection, totalsNote } from './tables.js'

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** The Content-Security-Policy of the page, as put in its meta tag. */
function contentSecurityPolicy(): string {
  return [
    "default-src 'none'", `script-src ${sha256(CLIENT_SCRIPT)}`, `style-src ${sha256(STYLE)}`,
    'img-src data:', "base-uri 'none'", "form-action 'none'",
  ].join('; ')
}

const TABLE = `<section id="scenarios"><h2>Conversations</h2>
<div class="controls">
<label><input type="checkbox" id="failed-only"> failed and errored only</label>
<input type="search" id="search" placeholder="search name, file, tag, status" aria-label="search conversations">
<span id="shown" role="status"></span>
</div>
<table><thead><tr><th>status</th><th>conversation</th><th>file</th><th>tags</th><th>turns</th><th>time</th></tr></thead>
<tbody id="case-rows"></tbody></table>
<div class="pager"><button type="button" id="prev">previous</button><span id="page-info"></span><button type="button" id="next">next</button></div>
<noscript><p>The conversations table and transcripts need JavaScript; the data is in the JSON report.</p></noscript>
</section>`

/** The whole report page as one HTML document. */
export function renderHtml(report: HtmlInput): string {
  const o = report.summary.outcomes
  const title = `banter report · ${o ? `${o.passed}/${o.conversations} passed every run` : `${report.summary.passed}/${report.summary.conversations} passed`}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="banter ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${verdictSection(report)}
${alertsSection(report.alerts)}
${warningsSection(report.warnings)}
${tilesSection(report)}
${histogramSection(report.metrics)}
${confusionSection(report.metrics)}
${intentsSection(report)}
${tagsSection(report)}
${generatorsSection(report)}
${repeatsSection(report)}
${TABLE.replace('<div class="controls">', `${totalsNote(report)}<div class="controls">`)}
<script type="application/json" id="banter-data">${embedJson(toPageData(report.cases))}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`
}
