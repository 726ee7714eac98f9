import { afterEach, describe, expect, it } from 'vitest'
import { pushMetrics, pushUrl } from '../../../src/cli/pushgateway.js'
import { renderPrometheus } from '../../../src/reporters/prometheus.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { closedPort, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'
import { parsePrometheus } from '../../helpers/prometheus.js'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('Pushgateway push', () => {
  it('PUTs the exposition text to /metrics/job/banter/suite/<suite> with the text format content type', async () => {
    server = await startFakeServer((_req, _body, res) => {
      res.writeHead(200)
      res.end()
    })
    const report = cannedReport()
    expect(await pushMetrics(`${server.url}/`, report)).toBeUndefined()
    expect(server.requests).toHaveLength(1)
    const req = server.requests[0]!
    expect(req.method).toBe('PUT')
    expect(req.url).toBe('/metrics/job/banter/suite/scenarios')
    expect(req.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(req.body).toBe(renderPrometheus(report))
    expect(parsePrometheus(req.body).get('banter_conversations')!.samples[0]!.value).toBe(3)
  })

  it('encodes a suite that is not path-safe with the @base64 form', () => {
    expect(pushUrl('http://pg:9091', 'scenarios/smoke,extra')).toBe(
      `http://pg:9091/metrics/job/banter/suite@base64/${Buffer.from('scenarios/smoke,extra').toString('base64url')}`,
    )
    expect(pushUrl('http://pg:9091/', 'nightly-1.2')).toBe('http://pg:9091/metrics/job/banter/suite/nightly-1.2')
  })

  it('a shard pushes to its own group, so shards never replace each other', async () => {
    expect(pushUrl('http://pg:9091', 'smoke', { index: 2, total: 4 })).toBe('http://pg:9091/metrics/job/banter/suite/smoke/shard/2-of-4')
    server = await startFakeServer((_req, _body, res) => {
      res.writeHead(200)
      res.end()
    })
    const report = cannedReport()
    report.run.shard = { index: 1, total: 2 }
    expect(await pushMetrics(server.url, report)).toBeUndefined()
    expect(server.requests[0]!.url).toBe('/metrics/job/banter/suite/scenarios/shard/1-of-2')
  })

  it('reports a refused push as a message instead of throwing', async () => {
    server = await startFakeServer((_req, _body, res) => {
      res.writeHead(400)
      res.end('text format parsing error')
    })
    expect(await pushMetrics(server.url, cannedReport())).toMatch(/HTTP 400 text format parsing error$/)
    const port = await closedPort()
    expect(await pushMetrics(`http://127.0.0.1:${port}`, cannedReport())).toMatch(/ECONNREFUSED/)
  })
})
