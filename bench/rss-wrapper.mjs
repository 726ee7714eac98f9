// Runs the banter CLI in this process and prints its peak resident set size on exit, so the
// benchmark can measure memory without /usr/bin/time.
import { main } from '../dist/cli/main.js'

process.on('exit', () => {
  process.stderr.write(`peak-rss-kb=${process.resourceUsage().maxRSS}\n`)
})
await main(process.argv)
