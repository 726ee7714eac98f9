import { describe, expect, it } from 'vitest'
import { histogramBars } from '../../../src/reporters/html/charts.js'
import { embedJson, escapeHtml } from '../../../src/reporters/html/escape.js'
import { htmlReporter } from '../../../src/reporters/html/index.js'
import { REPORTERS } from '../../../src/reporters/registry.js'
import { neutraliseDeep } from '../../../src/util/safe-text.js'
import { htmlReport, judgeErroredCase, largeReport, reportOf, XSS_PAYLOADS } from '../../helpers/html-fixtures.js'

const render = (report: Parameters<ReturnType<typeof htmlReporter.create>['onRunEnd']>[0]) =>
  htmlReporter.create({ color: false }).onRunEnd(report)

describe('HTML reporter', () => {
  it('is registered as "html", writing report.html', () => {
    // The registry wraps it: it renders the report with control characters made visible.
    expect(REPORTERS.html!.create({ color: false }).onRunEnd(htmlReport())).toBe(
      htmlReporter.create({ color: false }).onRunEnd(neutraliseDeep(htmlReport())),
    )
    expect(REPORTERS.html!.file).toBe('report.html')
    expect(htmlReporter.file).toBe('report.html')
  })

  it('needs no network: no external URLs, only inline script and style, and a strict CSP', () => {
    const html = render(htmlReport())
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i)
    expect(html).not.toMatch(/<link\b/i)
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]
    expect(csp).toMatch(/^default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;; style-src &#39;sha256-/)
    expect(csp).not.toContain('unsafe')
    expect(html.match(/<script\b/g)).toHaveLength(2)
  })

  it('never writes a hostile string into the markup unescaped', () => {
    const html = render(htmlReport())
    for (const p of XSS_PAYLOADS) expect(html).not.toContain(p)
    expect(html).not.toMatch(/<(img|iframe|svg onload)/i)
    expect(html).toContain('evil &lt;script&gt;window.__xss=1&lt;/script&gt;')
  })

  it('embeds the data once as JSON that parses back to the same strings', () => {
    const html = render(htmlReport())
    const json = /<script type="application\/json" id="banter-data">([^<]*)<\/script>/.exec(html)![1]!
    const data = JSON.parse(json)
    expect(data.cases.map((c: { n: string }) => c.n)).toContain(`xss 0 ${XSS_PAYLOADS[0]}`)
    expect(data.cases[1].t[1].r.x).toBe('<script>alert(1)</script> \u0001 & done')
  })

  it('keeps a verdict the judge could not grade apart from failures in the page data (state 2, not 0)', () => {
    const html = render(reportOf([judgeErroredCase()]))
    const data = JSON.parse(/<script type="application\/json" id="banter-data">([^<]*)<\/script>/.exec(html)![1]!)
    const verdicts = data.cases[0].t[0].v as [number, number][]
    expect(verdicts.map((v) => [data.strings[v[0]], v[1]])).toEqual([
      ['intent', 0],
      ['reply', 1],
      ['judge', 2],
    ])
    expect(data.cases[0].t[0].s).toBe('errored')
  })

  it('escapes what could end a script element or an attribute', () => {
    expect(embedJson({ a: '</script><!-- & \u2028\u2029' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}')
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })

  it('turns the cumulative latency histogram into per-bucket bars', () => {
    expect(
      histogramBars([
        { le: 10, count: 1 },
        { le: 25, count: 3 },
        { le: null, count: 4 },
      ]),
    ).toEqual([
      { label: '≤ 10 ms', count: 1 },
      { label: '≤ 25 ms', count: 2 },
      { label: '> 25 ms', count: 1 },
    ])
  })

  it('omits the charts and alerts without metrics, keeping the count tiles', () => {
    const html = render(htmlReport({ metrics: false }))
    expect(html).not.toContain('id="latency"')
    expect(html).not.toContain('id="confusion"')
    expect(html).not.toContain('id="alerts"')
    expect(html).toContain('<div class="tile failed" data-metric="failed"><span class="value">9</span>')
  })

  // The size grows with the conversations listed: 1,000 at 2 MB shows the budget that puts
  // 10,000 under 20 MB, which `npm run bench` measures (a unit test renders no 16 MB page).
  it('stays under 2 MB for 1,000 five-turn conversations (20 MB for 10,000 in the bench)', () => {
    const html = render(largeReport(1_000))
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024)
  })

  it('tables per intent (precision, recall, F1, support) and per tag, escaped', () => {
    const report = htmlReport()
    report.metrics!.intents = {
      greeting: { precision: 1, recall: 0.5, f1: 0.667, support: 4 },
      [XSS_PAYLOADS[1]!]: { precision: null, recall: 0, f1: null, support: 1 },
    }
    report.metrics!.by_tag = { orders: { conversations: 3, passed: 2, failed: 1, errored: 0, completion_rate: 0.5, intent_accuracy: 0.75 } }
    const html = render(report)
    expect(html).toContain('<tr data-intent="greeting"><td>greeting</td><td>1.000</td><td>0.500</td><td>0.667</td><td>4</td></tr>')
    expect(html).toMatch(
      /<tr data-intent="[^"]*&lt;[^"]*"><td>[^<]*&lt;[^<]*<\/td><td>n\/a<\/td><td>0.000<\/td><td>n\/a<\/td><td>1<\/td><\/tr>/,
    )
    expect(html).toContain(
      '<tr data-tag="orders"><td>orders</td><td>3</td><td class="ok">2</td><td class="bad">1</td><td>0</td><td>50.0%</td><td>75.0%</td></tr>',
    )
    for (const p of XSS_PAYLOADS) expect(html).not.toContain(p)
  })

  it('a generated run states its true totals, how many passes the table leaves out, and counts per generator', () => {
    const report = htmlReport({ metrics: false })
    const gen = (name: string, n: number) => ({ ...report.cases[0]!, id: `${name}#${n}`, name: `${name}#${n}`, tags: ['generated'] })
    report.cases = [gen('greet', 0), gen('greet', 1), gen('refund', 0)]
    report.run.casesOmitted = 9997
    report.summary = {
      ...report.summary,
      conversations: 10000,
      passed: 9990,
      failed: 10,
      errored: 0,
      skipped: 0,
      generators: {
        greet: { conversations: 6000, passed: 6000, failed: 0, errored: 0, skipped: 0 },
        refund: { conversations: 4000, passed: 3990, failed: 10, errored: 0, skipped: 0 },
      },
    }
    const html = render(report)
    expect(html).toContain('9990 passed, 10 failed, 0 errored, 0 skipped (10000 conversations')
    expect(html).toContain("The table lists 3 of the run's 10000 conversations (failed and errored ones up to 1000, passes up to 100)")
    expect(html).toContain('9997 conversations are counted above but not listed')
    expect(html).toContain(
      '<tr data-generator="refund"><td>refund</td><td>4000</td><td class="ok">3990</td><td class="bad">10</td><td>0</td><td>0</td><td>1</td></tr>',
    )
    expect(html).toContain('<tr data-generator="greet"><td>greet</td><td>6000</td>')
    expect(render(htmlReport())).not.toContain('id="totals"')
  })
})
