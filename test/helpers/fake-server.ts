import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeServer {
  url: string
  requests: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[]
  close(): Promise<void>
}

/** A loopback HTTP server on port 0 whose every answer comes from `handle`. */
export async function startFakeServer(
  handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
): Promise<FakeServer> {
  const requests: FakeServer['requests'] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => {
      body += d.toString()
    })
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body })
      handle(req, body, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A port on loopback that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
