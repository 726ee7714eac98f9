import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'

/**
 * The manifests in deploy/kubernetes/, validated against JSON Schemas for their kinds (a subset
 * hand-written from the Kubernetes API reference, kubernetes-subset.schema.json) and checked for
 * the properties the README promises. No cluster needed.
 */
const DIR = 'deploy/kubernetes'
const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'kubernetes-subset.schema.json'), 'utf8')) as { $id: string; $defs: Record<string, unknown> }
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
ajv.addSchema(schema)

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: any } // eslint-disable-line @typescript-eslint/no-explicit-any
const objects: { file: string; object: K8sObject }[] = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort().flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`)
    return { file, object: doc.toJS() as K8sObject }
  }))
const one = (kind: string) => {
  const found = objects.filter((o) => o.object.kind === kind)
  expect(found, kind).toHaveLength(1)
  return found[0]!.object
}

function validate(object: unknown): string[] {
  const kind = (object as { kind?: string }).kind ?? ''
  const check = ajv.getSchema(`${schema.$id}#/$defs/${kind}`)
  if (!check) return [`no schema for kind "${kind}"`]
  return check(object) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
}

describe('deploy/kubernetes manifests', () => {
  it('every object is valid for its kind', () => {
    expect(objects.map((o) => o.object.kind).sort()).toEqual(['CronJob', 'Deployment', 'HorizontalPodAutoscaler', 'PersistentVolumeClaim', 'PrometheusRule', 'Service'])
    for (const { file, object } of objects) expect(validate(object), `${file} (${object.kind})`).toEqual([])
  })

  it('the schemas reject what the API server would: unknown fields, bad enums, missing required fields', () => {
    const deployment = structuredClone(one('Deployment'))
    deployment.spec.template.spec.containers[0].livenesProbe = deployment.spec.template.spec.containers[0].livenessProbe
    expect(validate(deployment).join()).toContain('must NOT have additional properties')
    const job = structuredClone(one('CronJob'))
    job.spec.jobTemplate.spec.completionMode = 'indexed'
    expect(validate(job).join()).toContain('must be equal to one of the allowed values')
    const hpa = structuredClone(one('HorizontalPodAutoscaler'))
    delete hpa.spec.maxReplicas
    expect(validate(hpa).join()).toContain("must have required property 'maxReplicas'")
    const pvc = structuredClone(one('PersistentVolumeClaim'))
    pvc.spec.resources.requests.storage = 'one gig'
    expect(validate(pvc)).not.toEqual([])
    const seccomp = structuredClone(one('Deployment'))
    seccomp.spec.template.spec.securityContext.seccompProfile = { type: 'runtimeDefault' }
    expect(validate(seccomp).join()).toContain('must be equal to one of the allowed values')
    const rule = structuredClone(one('PrometheusRule'))
    rule.spec.groups[0].rules[0].for = 'ten minutes'
    expect(validate(rule).join()).toContain('must match pattern')
    delete rule.spec.groups[0].rules[1].alert
    expect(validate(rule)).not.toEqual([])
  })

  it('the Deployment and the CronJob meet the Pod Security "restricted" profile', () => {
    for (const kind of ['Deployment', 'CronJob']) {
      const o = one(kind)
      const pod = kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec
      expect(pod.securityContext, kind).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })
      expect(pod.securityContext.runAsUser, kind).toBeGreaterThan(0)
      expect(pod.hostNetwork ?? false).toBe(false)
      for (const c of pod.containers) {
        expect(c.securityContext, `${kind} ${c.name}`).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } })
        expect(c.securityContext.privileged ?? false).toBe(false)
        expect(c.securityContext.capabilities.add ?? []).toEqual([])
        expect(['RuntimeDefault', 'Localhost', undefined]).toContain(c.securityContext.seccompProfile?.type)
      }
      // Only volume types the restricted profile allows.
      for (const v of pod.volumes ?? []) expect(Object.keys(v).filter((k) => k !== 'name').every((k) => ['persistentVolumeClaim', 'emptyDir', 'configMap', 'secret', 'projected', 'downwardAPI', 'ephemeral', 'csi'].includes(k))).toBe(true)
    }
  })

  it('the PrometheusRule holds the same groups as deploy/prometheus/banter-rules.yaml', () => {
    const rules = parse(readFileSync('deploy/prometheus/banter-rules.yaml', 'utf8')) as { groups: unknown }
    expect(one('PrometheusRule').spec.groups).toEqual(rules.groups)
  })

  it('pins every image (no latest, no missing tag)', () => {
    const images = JSON.stringify(objects).match(/"image":"[^"]+"/g) ?? []
    expect(images.length).toBeGreaterThan(0)
    for (const image of images) expect(image).toMatch(/:[\w.-]+"$/)
    for (const image of images) expect(image).not.toMatch(/:latest"$/)
  })

  it('runs the assistant as 3 replicas with requests, limits and /health probes, listening beyond loopback', () => {
    const d = one('Deployment')
    expect(d.spec.replicas).toBe(3)
    expect(d.spec.selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': 'banter-assistant' }))
    expect(d.spec.template.metadata.labels).toEqual(expect.objectContaining(d.spec.selector.matchLabels))
    const c = d.spec.template.spec.containers[0]
    expect(c.args).toEqual(['serve', '--host', '0.0.0.0', '--port', '5005'])
    expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory'])
    expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory'])
    const portName = c.ports[0].name
    expect(c.ports[0].containerPort).toBe(5005)
    for (const probe of [c.livenessProbe, c.readinessProbe]) expect(probe.httpGet).toEqual({ path: '/health', port: portName })
    expect(d.spec.template.spec.securityContext.runAsNonRoot).toBe(true)
  })

  it('exposes the pods through a Service and scales them 3 to 10 at 70% CPU', () => {
    const d = one('Deployment')
    const svc = one('Service')
    expect(d.spec.template.metadata.labels).toEqual(expect.objectContaining(svc.spec.selector))
    expect(svc.spec.ports[0].targetPort).toBe(d.spec.template.spec.containers[0].ports[0].name)
    const hpa = one('HorizontalPodAutoscaler')
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name })
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 10])
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }])
  })

  it('the nightly job really fuzzes: generated conversations, one seed per night for all shards, failures saved to the volume', () => {
    const c = one('CronJob').spec.jobTemplate.spec.template.spec.containers[0]
    const script = c.args.join('\n')
    expect(script).toMatch(/banter\.js run scenarios\/generators --generate "\$BANTER_GENERATE" --seed "\$seed"/)
    expect(script).toContain('seed="${JOB_NAME##*-}"')
    expect(script).toMatch(/--save-failures "\$dir\/failures-\$JOB_COMPLETION_INDEX"/)
    const env = Object.fromEntries(c.env.map((e: { name: string; value?: string }) => [e.name, e.value]))
    expect(Number(env.BANTER_GENERATE)).toBeGreaterThanOrEqual(1000)
    // The bench's peak RSS for generated runs is at most 121 MB for any N (docs/performance.md "Performance"): limits above it, with room.
    const mi = (q: string) => Number(/^(\d+)Mi$/.exec(q)![1])
    expect(mi(c.resources.requests.memory)).toBeGreaterThanOrEqual(160)
    expect(mi(c.resources.limits.memory)).toBeGreaterThanOrEqual(2 * 121)
  })

  it('runs the nightly fuzz as an Indexed Job, one shard per pod, reports on the shared volume, then a merge', () => {
    const cron = one('CronJob')
    const job = cron.spec.jobTemplate.spec
    expect(job.completionMode).toBe('Indexed')
    expect(job.parallelism).toBe(job.completions)
    const pod = job.template.spec
    expect(['Never', 'OnFailure']).toContain(pod.restartPolicy)
    const c = pod.containers[0]
    const env = Object.fromEntries(c.env.map((e: { name: string; value?: string }) => [e.name, e.value]))
    expect(Number(env.BANTER_SHARD_TOTAL)).toBe(job.completions)
    const script = c.args.join('\n')
    expect(script).toMatch(/banter\.js run scenarios\/generators .*\n\s+--shard auto/)
    expect(script).toMatch(/json:\$dir\/shard-\$JOB_COMPLETION_INDEX\.json/)
    expect(script).toMatch(/banter\.js merge "\$dir"\/shard-\*\.json/)
    const pvc = one('PersistentVolumeClaim')
    expect(pvc.spec.accessModes).toContain('ReadWriteMany')
    const volume = pod.volumes.find((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)
    expect(c.volumeMounts).toContainEqual({ name: volume.name, mountPath: '/reports' })
  })
})
