/**
 * The API server's validation rules that the OpenAPI schema cannot express (k8s.io/kubernetes
 * pkg/apis/{core,apps,batch}/validation), for the fields deploy/k8s uses: what `kubectl apply` would be
 * refused for although the schema passes it.
 */
import type { Container, K8sObject } from './k8s-manifests.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// IANA_SVC_NAME: a port name, at most 15 characters with a letter, no leading, trailing or double hyphen.
const isPortName = (n: string) => n.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n) && /[a-z]/.test(n) && !n.includes('--');
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIGMAP_MAX_BYTES = 1024 * 1024;
const MAX_INDEXED_COMPLETIONS = 100_000;

/** Every rule `o` breaks, as messages naming the field. */
export function apiServerRules(o: K8sObject): string[] {
  const out: string[] = [];
  const name = o.metadata?.name ?? '';
  const nameOk = o.kind === 'Service' ? DNS1035_LABEL.test(name) : DNS1123_SUBDOMAIN.test(name);
  if (!nameOk || name.length > (o.kind === 'Service' ? 63 : 253)) out.push(`metadata.name: Invalid value "${name}"`);
  if (o.kind === 'Deployment') out.push(...deploymentRules(o));
  if (o.kind === 'Job') out.push(...jobRules(o));
  if (o.kind === 'Deployment' || o.kind === 'Job') out.push(...podRules(o.spec?.template?.spec?.containers ?? []));
  if (o.kind === 'Service') out.push(...serviceRules(o));
  if (o.kind === 'ConfigMap') out.push(...configMapRules(o));
  return out;
}

function podRules(containers: Container[]): string[] {
  const out: string[] = [];
  if (containers.length === 0) out.push('spec.template.spec.containers: Required value');
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const at = `spec.template.spec.containers[${i}]`;
    if (!c.name || !DNS1123_LABEL.test(c.name) || c.name.length > 63) out.push(`${at}.name: Invalid value "${c.name}"`);
    if (seen.has(c.name)) out.push(`${at}.name: Duplicate value "${c.name}"`);
    seen.add(c.name);
    if (!c.image?.trim()) out.push(`${at}.image: Required value`);
    for (const [j, p] of (c.ports ?? []).entries()) {
      if (p.name !== undefined && !isPortName(p.name)) out.push(`${at}.ports[${j}].name: Invalid value "${p.name}"`);
      if (!(p.containerPort >= 1 && p.containerPort <= 65535)) out.push(`${at}.ports[${j}].containerPort: Invalid value ${p.containerPort}`);
    }
  });
  return out;
}

function jobRules(o: K8sObject): string[] {
  const out: string[] = [];
  const spec = o.spec ?? {};
  const pod = spec.template?.spec ?? {};
  const restart = pod.restartPolicy;
  // A Job's pods default to nothing: Always is refused, so the field is required.
  if (restart !== 'Never' && restart !== 'OnFailure') out.push('spec.template.spec.restartPolicy: Required value: "OnFailure" or "Never"');
  if (spec.completionMode === 'Indexed') {
    if (spec.completions === undefined) out.push('spec.completions: Required value: when completion mode is Indexed');
    else if (spec.completions > MAX_INDEXED_COMPLETIONS) out.push(`spec.completions: must be <= ${MAX_INDEXED_COMPLETIONS}`);
  }
  for (const f of ['parallelism', 'completions', 'backoffLimit'] as const) {
    if (spec[f] !== undefined && spec[f] < 0) out.push(`spec.${f}: must be greater than or equal to 0`);
  }
  const rules: Array<{ onExitCodes?: { containerName?: string; operator: string; values: number[] }; onPodConditions?: unknown[] }> =
    spec.podFailurePolicy?.rules ?? [];
  if (spec.podFailurePolicy && restart !== 'Never') out.push('spec.podFailurePolicy: only allowed with spec.template.spec.restartPolicy Never');
  const names = new Set<string>((pod.containers ?? []).map((c: Container) => c.name));
  rules.forEach((r, i) => {
    const at = `spec.podFailurePolicy.rules[${i}]`;
    if ((r.onExitCodes === undefined) === (r.onPodConditions === undefined)) out.push(`${at}: exactly one of onExitCodes and onPodConditions`);
    const codes = r.onExitCodes;
    if (!codes) return;
    if (codes.containerName !== undefined && !names.has(codes.containerName))
      out.push(`${at}.onExitCodes.containerName: no container "${codes.containerName}"`);
    if (codes.operator === 'In' && codes.values.includes(0)) out.push(`${at}.onExitCodes.values: 0 is not allowed with In`);
    if (new Set(codes.values).size !== codes.values.length) out.push(`${at}.onExitCodes.values: Duplicate value`);
  });
  return out;
}

function deploymentRules(o: K8sObject): string[] {
  const selector: Record<string, string> = o.spec?.selector?.matchLabels ?? {};
  const labels: Record<string, string> = o.spec?.template?.metadata?.labels ?? {};
  if (Object.keys(selector).length === 0) return ['spec.selector: Required value'];
  const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
  return matches ? [] : ['spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`'];
}

function serviceRules(o: K8sObject): string[] {
  const out: string[] = [];
  const ports: Array<{ name?: string; port: number; targetPort?: number | string }> = o.spec?.ports ?? [];
  if (ports.length === 0) out.push('spec.ports: Required value');
  ports.forEach((p, i) => {
    if (!(p.port >= 1 && p.port <= 65535)) out.push(`spec.ports[${i}].port: Invalid value ${p.port}`);
    if (ports.length > 1 && !p.name) out.push(`spec.ports[${i}].name: Required value`);
    if (typeof p.targetPort === 'string' && !isPortName(p.targetPort)) out.push(`spec.ports[${i}].targetPort: Invalid value "${p.targetPort}"`);
  });
  return out;
}

function configMapRules(o: K8sObject): string[] {
  const data = o.data ?? {};
  const out = Object.keys(data)
    .filter((k) => !CONFIGMAP_KEY.test(k))
    .map((k) => `data[${k}]: Invalid value: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
  const bytes = Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > CONFIGMAP_MAX_BYTES) out.push(`data: Too long: must have at most ${CONFIGMAP_MAX_BYTES} bytes`);
  return out;
}
