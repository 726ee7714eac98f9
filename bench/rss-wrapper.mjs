// Runs the banter CLI in this process and prints its peak resident set size and CPU time (user +
// system, microseconds) on exit, so the benchmark can measure them without /usr/bin/time.
import { main } from '../dist/cli/main.js'

process.on('exit', () => {
  const usage = process.resourceUsage()
  process.stderr.write(`peak-rss-kb=${usage.maxRSS} cpu-us=${usage.userCPUTime + usage.systemCPUTime}\n`)
})
await main(process.argv)
