// deploy/k8s, checked as `kubectl apply -k deploy/k8s` would send it: there is no cluster here, so each
// object is validated against the Kubernetes API (kubernetes-models: the 1.33 OpenAPI schema, strict fields
// and the API server's own rules, test/support/k8s-manifests.ts), then the facts the distributed run
// relies on are asserted across objects. The Dockerfile and compose: deploy-docker.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { type Container, type K8sObject, buildKustomization, containersOf, podSpecOf, validateObjects } from '../support/k8s-manifests.js';

const dir = path.join(repoRoot, 'deploy/k8s');
const { objects, files } = buildKustomization(dir);
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

const find = (kind: string, name: string): K8sObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in deploy/k8s`);
  return o;
};
const containerOf = (o: K8sObject): Container => podSpecOf(o)!.containers[0];
/** The value after `flag` in an argument list. */
const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
/** A deep copy of the objects with `edit` applied to the one named. */
function broken(kind: string, name: string, edit: (o: K8sObject) => void): K8sObject[] {
  const copy = structuredClone(objects);
  edit(copy.find((o) => o.kind === kind && o.metadata.name === name)!);
  return copy;
}

const coordinator = find('Job', 'llmload-coordinator');
const agents = find('Job', 'llmload-agents');
const coordinatorArgs = containerOf(coordinator).args!;
const agentArgs = containerOf(agents).args!;

describe('deploy/k8s against the Kubernetes API', () => {
  test('every file in deploy/k8s is part of the kustomization', () => {
    expect(readdirSync(dir).sort()).toEqual([...files].sort());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/llmload-scenario',
      'Deployment/llmload-mock',
      'Job/llmload-agents',
      'Job/llmload-coordinator',
      'Service/llmload-coordinator',
      'Service/llmload-mock',
    ]);
  });

  test('every object is valid: schema, strict fields, API server rules', { timeout: 60_000 }, () => {
    expect(validateObjects(objects)).toEqual([]);
  });

  test.each([
    [
      'an unknown completion mode (schema enum)',
      'Job',
      'llmload-agents',
      (o: K8sObject) => (o.spec.completionMode = 'Sideways'),
      /completionMode must be equal to one of the allowed values/,
    ],
    [
      'a container without an image (API server)',
      'Job',
      'llmload-agents',
      (o: K8sObject) => delete podSpecOf(o)!.containers[0].image,
      /containers\[0\]\.image: Required value/,
    ],
    ['a misspelt field (strict fields)', 'Job', 'llmload-agents', (o: K8sObject) => (o.spec.parallelizm = 3), /'parallelizm' does not exist in type/],
    ['a string where an integer goes (schema)', 'Job', 'llmload-coordinator', (o: K8sObject) => (o.spec.backoffLimit = 'zero'), /backoffLimit must be integer/],
    [
      'a pod failure policy with OnFailure (API server)',
      'Job',
      'llmload-agents',
      (o: K8sObject) => (podSpecOf(o)!.restartPolicy = 'OnFailure'),
      /podFailurePolicy: only allowed with/,
    ],
    [
      'a nested unknown field (strict fields)',
      'Service',
      'llmload-coordinator',
      (o: K8sObject) => (o.spec.ports[0].portt = 1),
      /'portt' does not exist in type/,
    ],
    [
      'a Deployment whose selector misses its pods (API server)',
      'Deployment',
      'llmload-mock',
      (o: K8sObject) => (o.spec.selector.matchLabels.x = 'y'),
      /selector` does not match/,
    ],
  ])('rejects %s', { timeout: 60_000 }, (_what, kind, name, edit, message) => {
    const problems = validateObjects(broken(kind, name, edit));
    expect(problems.join('\n')).toMatch(message);
    expect(problems.every((p) => p.startsWith(`${kind}/${name}:`))).toBe(true);
  });
});

describe('deploy/k8s: what a distributed run needs', () => {
  test('agents: an Indexed Job, one completion per agent, all at once, never retried', () => {
    expect(agents.spec).toMatchObject({ completionMode: 'Indexed', backoffLimit: 0 });
    expect(agents.spec.completions).toBe(Number(flag(coordinatorArgs, '--agents')));
    expect(agents.spec.parallelism).toBe(agents.spec.completions);
    expect(podSpecOf(agents)!.restartPolicy).toBe('Never');
    expect(coordinator.spec).toMatchObject({ completions: 1, backoffLimit: 0 });
    expect(podSpecOf(coordinator)!.restartPolicy).toBe('Never');
  });

  test('the pod failure policy fails the Job on exit 110 from the agent and ignores disruptions', () => {
    const rules = agents.spec.podFailurePolicy.rules as Array<Record<string, any>>;
    const failJob = rules.find((r) => r.action === 'FailJob');
    expect(failJob?.onExitCodes).toMatchObject({ containerName: containerOf(agents).name, operator: 'In' });
    expect(failJob?.onExitCodes.values).toContain(110);
    expect(rules).toContainEqual({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
  });

  test('the agent takes its index from JOB_COMPLETION_INDEX itself and reaches the coordinator through its Service', () => {
    expect(agentArgs.slice(0, 3)).toEqual(['agent', '--coordinator', 'http://llmload-coordinator:6565']);
    expect(agentArgs).not.toContain('--index');
    expect(JSON.stringify(containerOf(agents))).not.toMatch(/JOB_COMPLETION_INDEX/);
    const url = new URL(flag(agentArgs, '--coordinator')!);
    const service = find('Service', url.hostname);
    expect(service.spec.ports.map((p: { port: number }) => String(p.port))).toContain(url.port);
  });

  test("the coordinator Service selects exactly the coordinator's pod, on the port it listens on", () => {
    expect(coordinatorArgs.slice(0, 2)).toEqual(['coordinator', '/scripts/scenario.ts']);
    const listenPort = Number(flag(coordinatorArgs, '--listen')!.split(':').at(-1));
    const service = find('Service', 'llmload-coordinator');
    const [port] = service.spec.ports as Array<{ port: number; targetPort: string | number }>;
    expect(port.port).toBe(listenPort);
    const named = containerOf(coordinator).ports!.find((p) => p.name === port.targetPort || p.containerPort === port.targetPort);
    expect(named?.containerPort).toBe(listenPort);
    expect(selected(service)).toEqual([coordinator]);
  });

  test('the mock: its Service selects it on the port it serves, the name the scenario targets by default', () => {
    const mock = find('Deployment', 'llmload-mock');
    const args = containerOf(mock).args!;
    expect(args.slice(0, 1)).toEqual(['mock']);
    expect(flag(args, '--host')).toBe('0.0.0.0');
    const service = find('Service', 'llmload-mock');
    expect(service.spec.ports[0].port).toBe(Number(flag(args, '--port')));
    expect(selected(service)).toEqual([mock]);
    const scenario = find('ConfigMap', 'llmload-scenario').data!['scenario.ts'];
    expect(scenario).toContain(`'http://llmload-mock:${service.spec.ports[0].port}'`);
  });

  test('the script ConfigMap is mounted at the script path in the coordinator and every agent, as a plain file', () => {
    const script = flag(['', ...coordinatorArgs], 'coordinator');
    for (const job of [coordinator, agents]) {
      const pod = podSpecOf(job)!;
      const volume = pod.volumes!.find((v) => v.configMap?.name === 'llmload-scenario')!;
      const mount = containerOf(job).volumeMounts!.find((m) => m.name === volume.name)!;
      // A subPath mount: no symlink into a per-pod timestamped directory (test/e2e/deploy-scenario.test.ts).
      expect(mount).toMatchObject({ mountPath: script, subPath: 'scenario.ts' });
    }
    expect(agentArgs.at(-1)).toBe(script);
  });

  test('the summary is written to a mounted volume', () => {
    const out = flag(coordinatorArgs, '--summary-export')!;
    expect(out).toBe('/results/summary.json');
    expect(containerOf(coordinator).volumeMounts!.some((m) => out.startsWith(`${m.mountPath}/`))).toBe(true);
  });

  test("one image, the package's version, for every container; each with requests and limits", () => {
    const containers = containersOf(objects);
    expect(containers).toHaveLength(3);
    for (const c of containers) {
      expect(c.image).toBe(`llmload:${pkg.version}`);
      expect(c.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources?.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    }
    for (const o of objects.filter(podSpecOf)) expect(o.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
  });
});

/** The objects with pod templates whose labels a Service's selector matches. */
function selected(service: K8sObject): K8sObject[] {
  const selector = Object.entries(service.spec.selector as Record<string, string>);
  return objects.filter((o) => {
    const labels: Record<string, string> = podSpecOf(o) ? (o.spec.template.metadata?.labels ?? {}) : {};
    return podSpecOf(o) !== undefined && selector.every(([k, v]) => labels[k] === v);
  });
}
