// Scenario files the benchmark runs: many five-turn conversations over the reference assistant's
// domain, written to a temporary folder (nothing is committed).
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

const TURNS = [
  ['Hello, I need help with my order', 'intent: order_help\n        action: ask_order_details'],
  ['My order number is {{id}}', 'entities: [{type: order_id, value: "{{id}}"}]\n        action: retrieve_order'],
  ['Has it shipped yet?', 'intent: [order_status, order_help]'],
  ['I want to talk to a human', 'intent: talk_to_human\n        action: escalate_to_human'],
  ['Thanks, that is all', 'intent: goodbye\n        reply: {contains: Goodbye}'],
]

function scenario(i, turnCount) {
  const id = String(10000 + (i % 89999))
  const turns = TURNS.slice(0, turnCount)
    .map(([user, expect]) => `    - user: ${user.replace('{{id}}', id)}\n      expect:\n        ${expect.replaceAll('{{id}}', id)}`)
    .join('\n')
  return `- name: Conversation ${i}\n  tags: [bench]\n  turns:\n${turns}\n`
}

/** Writes `count` scenarios of `turns` turns (at most five) into `files` files under `dir`; returns the folder. */
export async function writeScenarios(dir, count, files = 1, turns = 5) {
  await mkdir(dir, { recursive: true })
  const perFile = Math.ceil(count / files)
  for (let f = 0; f < files; f++) {
    const parts = []
    for (let i = f * perFile; i < Math.min(count, (f + 1) * perFile); i++) parts.push(scenario(i, turns))
    await writeFile(path.join(dir, `bench-${String(f).padStart(4, '0')}.yaml`), parts.join('\n'))
  }
  return dir
}
