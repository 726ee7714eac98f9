/** The report's stylesheet, inlined (the page loads nothing from the network). */
export const STYLE = `
:root { --pass: #1a7f37; --fail: #cf222e; --err: #9a6700; --skip: #6e7781; --line: #d0d7de; font-family: system-ui, sans-serif; color: #1f2328; }
body { margin: 0 auto; max-width: 1200px; padding: 0 16px 48px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.1rem; margin: 24px 0 8px; }
.verdict { padding: 16px; border-radius: 8px; margin-top: 16px; color: #fff; }
.verdict.passed { background: var(--pass); } .verdict.failed { background: var(--fail); } .verdict.errored { background: var(--err); }
.verdict p { margin: 4px 0; } .meta { opacity: .85; font-size: .9rem; }
.alerts { border: 2px solid var(--fail); border-radius: 8px; padding: 0 16px; margin-top: 12px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 8px; margin-top: 16px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 10px; display: flex; flex-direction: column; }
.tile .value { font-size: 1.4rem; font-weight: 600; } .tile .label { font-size: .8rem; color: #57606a; }
.tile.passed .value { color: var(--pass); } .tile.failed .value { color: var(--fail); } .tile.errored .value { color: var(--err); } .tile.skipped .value { color: var(--skip); }
svg text { font-size: 11px; fill: #1f2328; } svg .axis { fill: #57606a; }
svg .bar { fill: #0969da; } svg .hit { fill: var(--pass); } svg .miss { fill: var(--fail); }
.controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.controls input[type=search] { padding: 6px; min-width: 260px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr.case { cursor: pointer; } tr.case:hover { background: #f6f8fa; }
.status { font-weight: 600; text-transform: uppercase; font-size: .8rem; }
.status.passed { color: var(--pass); } .status.failed { color: var(--fail); } .status.errored { color: var(--err); } .status.skipped { color: var(--skip); } .status.flaky { color: var(--err); }
.runs { font-family: ui-monospace, monospace; letter-spacing: 2px; } .run { color: #57606a; font-size: .85rem; margin-left: 6px; }
.tag { display: inline-block; background: #ddf4ff; border-radius: 10px; padding: 0 8px; margin-right: 4px; font-size: .8rem; }
.transcript { background: #f6f8fa; padding: 8px 16px; }
.turn { border-left: 3px solid var(--line); padding: 4px 12px; margin: 8px 0; }
.turn.failed { border-color: var(--fail); } .turn.errored { border-color: var(--err); } .turn.passed { border-color: var(--pass); }
.msg { white-space: pre-wrap; word-break: break-word; margin: 4px 0; } .who { font-weight: 600; margin-right: 6px; }
.checks td, .checks th { font-size: .85rem; padding: 3px 6px; } .checks code { white-space: pre-wrap; word-break: break-word; }
.ok { color: var(--pass); } .bad { color: var(--fail); } .err { color: var(--err); font-weight: 600; }
.feedback { font-style: italic; margin: 8px 0; }
.pager { display: flex; gap: 8px; align-items: center; margin: 8px 0; } .note { font-style: italic; }
`
