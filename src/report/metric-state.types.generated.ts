/* Generated from schema/report.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */
import type { JudgeCounts, MetricDefinitions, RepeatCounts } from './metrics.types.generated.js'

/**
 * Everything the metrics were computed from, in a mergeable form (docs/scaling-out.md "Merging shard reports").
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "MetricState".
 */
export interface MetricState {
  definitions: MetricDefinitions
  /**
   * One entry per metric family.
   */
  parts: {
    rates: RateCounts
    response_time: LatencyState
    attempt_time: LatencyState
    time_to_first_token: LatencyState
    quality: QualityCounts
    by_tag: {
      [k: string]: TagCounts
    }
    feedback: {
      sent: number
      satisfaction: number
      resolved: number
    }
    service_time?: LatencyState
    repeats?: RepeatCounts
    judge?: JudgeCounts
  }
}

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "RateCounts".
 */
export interface RateCounts {
  conversations: number
  completed: number
  escalated: number
  turns: number
  answered: number
  fallbacks: number
  errored: number
  retries: number
}

/**
 * Lossless latency samples: whole microseconds ascending and how many samples had each.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "LatencyState".
 */
export interface LatencyState {
  us: number[]
  counts: number[]
}

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "QualityCounts".
 */
export interface QualityCounts {
  intent: {
    hit: number
    all: number
  }
  action: {
    hit: number
    all: number
  }
  entity: {
    tp: number
    fp: number
    fn: number
  }
  confusion: [string, string, number][]
}

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "TagCounts".
 */
export interface TagCounts {
  conversations: number
  passed: number
  failed: number
  errored: number
  completed: number
  intentHit: number
  intentAll: number
}
