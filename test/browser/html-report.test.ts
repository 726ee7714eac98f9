/**
 * The HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
 * In CI a missing browser fails these tests; locally (CI unset) they are skipped.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlReporter } from '../../src/reporters/html/index.js'
import type { RunReport } from '../../src/report/model.js'
import { htmlReport, judgeErroredCase, largeReport, reportOf, XSS_PAYLOADS } from '../helpers/html-fixtures.js'

const CHROMIUM = '/usr/bin/chromium'
const runnable = existsSync(CHROMIUM) || Boolean(process.env.CI)

describe.skipIf(!runnable)('HTML report in Chromium', () => {
  let browser: Browser
  let dir: string
  const problems: string[] = []

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    dir = await mkdtemp(join(tmpdir(), 'banter-html-'))
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** Writes the report's page (optionally transformed) and opens it from file://. */
  async function open(name: string, report: RunReport, transform = (html: string) => html): Promise<Page> {
    const file = join(dir, name)
    await writeFile(file, transform(htmlReporter.create({ color: false }).onRunEnd(report)))
    const page = await browser.newPage()
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`)
    })
    await page.goto(pathToFileURL(file).href)
    await page.waitForSelector('#case-rows tr')
    return page
  }

  const rowNames = (page: Page) => page.$$eval('#case-rows tr.case td.name', (tds) => tds.map((td) => td.textContent))
  const matches = (page: Page) => page.getAttribute('#shown', 'data-matches').then(Number)

  it('shows the verdict, alerts, counts, tiles and charts', async () => {
    const page = await open('full.html', htmlReport({ bulk: 250 }))
    expect(await page.textContent('[data-testid=verdict]')).toBe('ERRORED')
    expect(await page.textContent('[data-testid=counts]')).toBe('251 passed, 9 failed, 1 errored, 1 skipped (262 conversations, 515 turns)')
    expect(await page.$$eval('[data-testid=alert]', (li) => li.map((l) => l.textContent))).toEqual([
      'high_fallback_rate: fallback_rate > 0.05 (value 0.10)',
      `evil ${XSS_PAYLOADS[0]}: error_rate >= 0.2 (value 0.25)`,
    ])
    expect(await page.textContent('[data-metric="failed"] .value')).toBe('9')
    expect(await page.textContent('[data-metric="p95 latency"] .value')).toBe('80 ms')
    expect(await page.textContent('[data-metric="satisfaction"] .value')).toBe('4.50 / 5')
    expect(await page.$$eval('#latency rect.bar', (r) => r.length)).toBe(6)
    expect(await page.$$eval('#confusion rect', (r) => r.length)).toBe(16)
    expect(await page.textContent('#shown')).toBe('showing 1–100 of 262')
    expect(await page.$$eval('#case-rows tr.case', (r) => r.length)).toBe(100)
    await page.click('#next')
    await page.click('#next')
    expect(await page.textContent('#shown')).toBe('showing 201–262 of 262')
    expect(await page.isDisabled('#next')).toBe(true)
    await page.close()
  })

  it('filters to failed and errored conversations, and searches', async () => {
    const page = await open('filter.html', htmlReport({ bulk: 250 }))
    await page.check('#failed-only')
    expect(await matches(page)).toBe(10)
    const statuses = await page.$$eval('#case-rows tr.case', (rows) => rows.map((r) => r.getAttribute('data-status')))
    expect(new Set(statuses)).toEqual(new Set(['failed', 'errored']))
    await page.uncheck('#failed-only')
    expect(await matches(page)).toBe(262)
    await page.fill('#search', 'BULK 12')
    expect(await rowNames(page)).toEqual([
      'bulk 12',
      'bulk 120',
      'bulk 121',
      'bulk 122',
      'bulk 123',
      'bulk 124',
      'bulk 125',
      'bulk 126',
      'bulk 127',
      'bulk 128',
      'bulk 129',
    ])
    await page.fill('#search', 'xss')
    await page.check('#failed-only')
    expect(await matches(page)).toBe(8)
    await page.fill('#search', 'no such conversation')
    expect(await page.textContent('#shown')).toBe('no matching conversations')
    await page.close()
  })

  it('expands a row into its transcript with expected vs actual for each check', async () => {
    const page = await open('transcript.html', htmlReport({ bulk: 0 }))
    await page.fill('#search', 'action')
    await page.click('#case-rows tr.case')
    const turn = page.locator('.transcript .turn[data-turn="2"]')
    expect(await turn.locator('.msg.user').textContent()).toBe('usermessage 2')
    expect(await turn.locator('.msg.reply').textContent()).toBe('assistant<script>alert(1)</script> \u0001 & done')
    const cells = await turn.locator('table.checks tr[data-verdict="failed"] td').allTextContents()
    expect(cells).toEqual(['✗', 'action', '"retrieve_order"', '"ask_order_details"', 'ACTION_MISMATCH', 'scenarios/a.yaml:14'])
    await page.click('#case-rows tr.case')
    expect(await page.locator('.transcript').count()).toBe(0)
    await page.fill('#search', 'errors')
    await page.click('#case-rows tr.case')
    expect(await page.locator('.transcript .turn[data-turn="1"] .err').textContent()).toBe('error: HTTP_STATUS: HTTP 500: boom')
    expect(await page.locator('.transcript .turn[data-turn="2"] .note').textContent()).toBe('skipped: an earlier turn errored')
    await page.close()
  })

  it('shows a verdict the judge could not grade as errored, not failed: its row, its turn, the counts and the filter', async () => {
    const report = reportOf([judgeErroredCase(), htmlReport().cases[0]!])
    const page = await open('judge-errored.html', report)
    expect(await page.textContent('[data-testid=verdict]')).toBe('ERRORED')
    expect(await page.textContent('[data-testid=counts]')).toMatch(/^1 passed, 0 failed, 1 errored, 0 skipped /)
    await page.check('#failed-only')
    expect(await rowNames(page)).toEqual(['judge could not grade'])
    expect(await page.getAttribute('#case-rows tr.case', 'data-status')).toBe('errored')
    await page.click('#case-rows tr.case')
    const turn = page.locator('.transcript .turn[data-turn="1"]')
    expect(await turn.getAttribute('class')).toBe('turn errored')
    expect(await turn.locator('.err').first().textContent()).toBe('error: JUDGE_TIMEOUT: judge: no grade within 5000 ms')
    const rows = (state: string) => turn.locator(`table.checks tr[data-verdict="${state}"] td`).allTextContents()
    expect(await rows('errored')).toEqual([
      '!',
      'judge',
      '{"rubric":"Offers a refund","min_score":0.7}',
      '{"error":"no grade within 5000 ms"}',
      'JUDGE_TIMEOUT',
      'scenarios/judged.yaml:7',
    ])
    // Only the check that really failed is marked failed; the mark's colour is the errored one, as the turn's border.
    expect(await rows('failed')).toEqual(['✗', 'intent', '"refund"', '"greeting"', 'INTENT_MISMATCH', 'scenarios/judged.yaml:5'])
    expect((await rows('passed'))[0]).toBe('✓')
    const style = (selector: string, property: string) =>
      page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`) as Promise<string>
    const errored = await style('.transcript tr[data-verdict="errored"] td', 'color')
    expect(errored).toBe(await style('.transcript .turn', 'borderLeftColor'))
    expect(errored).not.toBe(await style('.transcript tr[data-verdict="failed"] td', 'color'))
    await page.close()
  })

  // Without the CSP too: escaping alone must keep the payloads inert.
  it.each([
    ['with', false],
    ['without', true],
  ])('runs none of the hostile payloads in replies, names, tags, entities, intents or alerts (%s the CSP)', async (_label, stripCsp) => {
    const strip = (html: string) => (stripCsp ? html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '') : html)
    const page = await open(`xss-${String(stripCsp)}.html`, htmlReport({ bulk: 0 }), strip)
    if (stripCsp) expect(await page.$$('meta[http-equiv]')).toHaveLength(0)
    await page.fill('#search', 'xss')
    for (const row of await page.$$('#case-rows tr.case')) await row.click()
    expect(await page.locator('.transcript').count()).toBe(XSS_PAYLOADS.length)
    await page.hover('#confusion svg')
    await page.waitForTimeout(200)
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss)).toBeUndefined()
    expect(
      await page.$$('#case-rows img, #case-rows iframe, #case-rows svg, #case-rows a, #alerts script, #case-rows script'),
    ).toHaveLength(0)
    const names = await rowNames(page)
    expect(names).toEqual(XSS_PAYLOADS.map((p, i) => `xss ${i} ${p}`))
    const replies = await page.locator('.transcript .msg.reply').allTextContents()
    expect(replies).toEqual(XSS_PAYLOADS.map((p) => `assistantreply ${p}`))
    expect(await page.locator('.transcript .feedback').allTextContents()).toEqual(
      XSS_PAYLOADS.map((p) => `feedback: satisfaction 2/5, not resolved, "${p}" (sent)`),
    )
    await page.close()
  })

  it('renders without metrics or alerts: tiles from the counts, no charts', async () => {
    const page = await open('plain.html', htmlReport({ metrics: false }))
    expect(await page.textContent('[data-testid=verdict]')).toBe('ERRORED')
    expect(await page.$$('#latency, #confusion, #alerts')).toHaveLength(0)
    expect(await page.textContent('[data-metric="conversations"] .value')).toBe('12')
    expect(await matches(page)).toBe(12)
    await page.close()
  })

  it('stays usable with 10,000 conversations: one page of rows, filter and search over all', async () => {
    const page = await open('large.html', largeReport(10_000))
    expect(await page.textContent('#shown')).toBe('showing 1–100 of 10000')
    expect(await page.$$eval('#case-rows tr', (r) => r.length)).toBe(100)
    await page.check('#failed-only')
    expect(await matches(page)).toBe(1000)
    await page.fill('#search', 'conversation 9990')
    expect(await rowNames(page)).toEqual(['order tracking conversation 9990'])
    await page.click('#case-rows tr.case')
    expect(await page.locator('.transcript .turn').count()).toBe(5)
    expect(await page.locator('.transcript tr[data-verdict="failed"] td').allTextContents()).toEqual([
      '✗',
      'action',
      '"utter_talk_to_human"',
      '"utter_fallback"',
      'ACTION_MISMATCH',
      'scenarios/suite-30/orders-1.yaml:39',
    ])
    await page.close()
  }, 120_000)

  it('chart labels are neither clipped by their chart nor overlapping each other (long buckets, long intents)', async () => {
    const report = htmlReport()
    report.metrics!.response_time_histogram = [1000, 2500, 5000, 10000, 30000, null].map((le, i) => ({ le, count: i + 1 }))
    const labels = ['cancel_order', 'order_status', 'refund_request_with_a_long_name', 'talk_to_human']
    report.metrics!.confusion = { labels, matrix: labels.map((_, i) => labels.map((_, j) => (i === j ? 3 : 0))) }
    const page = await open('charts.html', report)
    const found = await page.evaluate(`(() => {
      const out = []
      for (const svg of document.querySelectorAll('svg')) {
        const box = svg.getBoundingClientRect()
        const texts = Array.from(svg.querySelectorAll('text'))
        for (const t of texts) {
          const r = t.getBoundingClientRect()
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) out.push('clipped: ' + t.textContent)
        }
        // No two texts' glyph boxes overlap, whatever their rotation: each box's corners on screen
        // (its local bounding box through its transformation), tested with separating axes.
        const quad = (t) => {
          const b = t.getBBox(); const m = t.getScreenCTM()
          return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]].map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f])
        }
        const separated = (p, q) => [p, q].some((poly) => poly.some((_, i) => {
          const [x1, y1] = poly[i]; const [x2, y2] = poly[(i + 1) % 4]
          const nx = y2 - y1; const ny = x1 - x2
          const proj = (r) => r.map(([x, y]) => x * nx + y * ny)
          const a = proj(p); const c = proj(q)
          return Math.max(...a) <= Math.min(...c) + 0.5 || Math.max(...c) <= Math.min(...a) + 0.5
        }))
        const quads = texts.filter((t) => t.textContent.trim() !== '').map((t) => [t.textContent, quad(t)])
        for (let i = 0; i < quads.length; i++) for (let j = i + 1; j < quads.length; j++) {
          if (!separated(quads[i][1], quads[j][1])) out.push('overlap: ' + quads[i][0] + ' / ' + quads[j][0])
        }
      }
      return out
    })()`)
    expect(found).toEqual([])
    expect(await page.$$eval('#latency text.axis', (ts) => ts.map((t) => t.textContent))).toEqual([
      '≤ 1000',
      '≤ 2500',
      '≤ 5000',
      '≤ 10000',
      '≤ 30000',
      '> 30000',
    ])
    expect(await page.$$eval('#intents tr[data-intent]', (rows) => rows.length)).toBeGreaterThan(0)
  })

  it('loaded nothing from the network and logged no errors (CSP allowed the inline script and style)', () => {
    expect(problems).toEqual([])
  })
})
