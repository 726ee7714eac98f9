import { inputError } from '../core/errors.js'
import type { Shard } from './shard.js'

/** Where `--shard auto` found its index and total, for messages. */
export interface ShardSpecOptions {
  env: NodeJS.ProcessEnv
  /** `--shard-total`: the total for a Kubernetes Indexed Job (else `BANTER_SHARD_TOTAL`). */
  total?: number
}

const HINT = 'use --shard i/n with 1 <= i <= n (for example --shard 2/4), or --shard auto in CI'

/**
 * Parses `--shard i/n` (1-based) or `--shard auto`, which reads, in order:
 * - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based) with the total from `--shard-total`
 *   or `BANTER_SHARD_TOTAL`;
 * - GitLab CI `parallel:`: `CI_NODE_INDEX` (1-based) and `CI_NODE_TOTAL`.
 * Anything malformed or missing is an input error (exit 2), never a silent full run.
 */
export function parseShardSpec(value: string, opts: ShardSpecOptions): Shard {
  const spec = value.trim()
  if (spec === 'auto') return shardFromEnv(opts)
  const match = /^(\d+)\/(\d+)$/.exec(spec)
  if (!match) throw inputError('INVALID_SHARD', `--shard: expected i/n or auto, got "${value}"`, HINT)
  if (opts.total !== undefined && opts.total !== Number(match[2])) {
    throw inputError(
      'INVALID_SHARD',
      `--shard-total ${opts.total} contradicts --shard ${spec}`,
      '--shard-total is only needed with --shard auto',
    )
  }
  return checkedShard(Number(match[1]), Number(match[2]), `--shard ${spec}`)
}

function shardFromEnv({ env, total }: ShardSpecOptions): Shard {
  const k8sIndex = env.JOB_COMPLETION_INDEX
  if (k8sIndex !== undefined && k8sIndex !== '') {
    const rawTotal = total !== undefined ? String(total) : env.BANTER_SHARD_TOTAL
    if (rawTotal === undefined || rawTotal === '') {
      throw inputError(
        'SHARD_TOTAL_MISSING',
        '--shard auto: JOB_COMPLETION_INDEX is set but the number of shards is not',
        "set BANTER_SHARD_TOTAL to the Job's completions, or pass --shard-total N",
      )
    }
    const index = integer(k8sIndex, 'JOB_COMPLETION_INDEX')
    return checkedShard(
      index + 1,
      integer(rawTotal, total !== undefined ? '--shard-total' : 'BANTER_SHARD_TOTAL'),
      `JOB_COMPLETION_INDEX=${k8sIndex} (0-based) of ${rawTotal}`,
    )
  }
  const ciIndex = env.CI_NODE_INDEX
  const ciTotal = env.CI_NODE_TOTAL
  if (ciIndex && ciTotal) {
    return checkedShard(
      integer(ciIndex, 'CI_NODE_INDEX'),
      integer(ciTotal, 'CI_NODE_TOTAL'),
      `CI_NODE_INDEX=${ciIndex} of CI_NODE_TOTAL=${ciTotal}`,
    )
  }
  throw inputError(
    'SHARD_ENV_MISSING',
    '--shard auto: no shard variables found (JOB_COMPLETION_INDEX with BANTER_SHARD_TOTAL, or CI_NODE_INDEX with CI_NODE_TOTAL)',
    'in GitHub Actions and elsewhere, pass the matrix values explicitly: --shard ${{ matrix.shard }}/N',
  )
}

function integer(raw: string, name: string): number {
  if (!/^\d+$/.test(raw.trim())) throw inputError('INVALID_SHARD', `--shard auto: ${name} must be a whole number, got "${raw}"`, HINT)
  return Number(raw.trim())
}

function checkedShard(index: number, total: number, source: string): Shard {
  if (total < 1 || !Number.isSafeInteger(total))
    throw inputError('INVALID_SHARD', `${source}: the number of shards must be at least 1`, HINT)
  if (index < 1 || index > total)
    throw inputError('INVALID_SHARD', `${source}: shard index must be between 1 and ${total}, got ${index}`, HINT)
  return { index, total }
}
