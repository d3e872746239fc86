// deploy/Dockerfile and the distributed profile of docker-compose.yml. There is no Docker engine here: the
// Dockerfile is parsed and linted with dockerfile-utils (the VS Code Docker extension's validator), and
// both are checked against what they run: package.json's bin and build, and the deploy/k8s manifests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../support/cli.js';
import { buildKustomization } from '../support/k8s-manifests.js';

const file = (p: string) => path.join(repoRoot, p);
const pkg = JSON.parse(readFileSync(file('package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(file('package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
const dockerfileText = readFileSync(file('deploy/Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(dockerfileText);
const instructions = dockerfile.getInstructions();
/** The instructions of the last stage: what the image runs. */
const finalStage = instructions.slice(instructions.findLastIndex((i) => i.getKeyword() === 'FROM'));
const args = (i: Instruction) => i.getExpandedArguments().map((a) => a.getValue());
const keyword = (list: Instruction[], k: string) => list.filter((i) => i.getKeyword() === k);
const runs = (list: Instruction[]) => keyword(list, 'RUN').map((i) => args(i).join(' '));

describe('deploy/Dockerfile', () => {
  test('lints clean, and the linter does catch a broken Dockerfile', () => {
    expect(validate(dockerfileText).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    const broken = dockerfileText.replace(/^USER /m, 'USR ');
    expect(validate(broken).map((d) => d.message)).toContain('Unknown instruction: USR');
  });

  test('every FROM is Node 20 on bookworm-slim, pinned by version and digest, within package.json engines', () => {
    const froms = keyword(instructions, 'FROM').map((i) => args(i)[0]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const floor = pkg.engines.node
      .match(/^>=(\d+)\.(\d+)$/)!
      .slice(1)
      .map(Number);
    for (const image of froms) {
      const m = image.match(/^node:(\d+)\.(\d+)\.(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/);
      expect(m, image).not.toBeNull();
      const [major, minor] = m!.slice(1, 3).map(Number);
      expect(major).toBe(floor[0]);
      expect(minor).toBeGreaterThanOrEqual(floor[1]);
    }
  });

  test("builds with the lockfile and package.json's build, and runs every install script the lockfile has", () => {
    const build = runs(instructions.slice(0, instructions.length - finalStage.length));
    expect(build.some((r) => r.includes('npm ci'))).toBe(true);
    expect(build.some((r) => r.includes(pkg.scripts.build))).toBe(true);
    const withScripts = Object.entries(lock.packages)
      .filter(([p, v]) => p.startsWith('node_modules/') && v.hasInstallScript)
      .map(([p]) => p.replace(/^.*node_modules\//, ''));
    const rebuild = build.find((r) => r.includes('--ignore-scripts') && r.includes('npm rebuild'))!;
    expect(rebuild.split('npm rebuild ')[1].split(' ').sort()).toEqual(withScripts.sort());
  });

  test("the image runs package.json's bin as an unprivileged user, and exposes the coordinator's and the mock's ports", () => {
    const entrypoint = JSON.parse(keyword(finalStage, 'ENTRYPOINT')[0].getArgumentsContent()!) as string[];
    expect(entrypoint).toEqual(['/usr/bin/tini', '--', 'llmload']);
    expect(runs(finalStage).some((r) => r.includes('install') && r.includes('tini'))).toBe(true);
    const link = runs(finalStage).find((r) => r.includes('/usr/local/bin/llmload'))!;
    expect(link).toContain(`ln -s /app/${path.posix.normalize(pkg.bin.llmload)} /usr/local/bin/llmload`);
    expect(readFileSync(file(pkg.bin.llmload), 'utf8').split('\n')[0]).toContain('--no-node-snapshot');
    const user = args(keyword(finalStage, 'USER').at(-1)!)[0];
    expect(['root', '0']).not.toContain(user);
    const exposed = keyword(finalStage, 'EXPOSE').flatMap(args);
    const { objects } = buildKustomization(file('deploy/k8s'));
    const ports = objects.filter((o) => o.kind === 'Service').map((o) => String(o.spec.ports[0].port));
    expect(exposed.sort()).toEqual(ports.sort());
  });

  test('the build context keeps what the build needs and leaves out the rest', () => {
    const ignored = readFileSync(file('deploy/Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.replace(/^\*\*\//, '').replace(/\/$/, ''));
    for (const p of ['.git', 'node_modules', 'dist', 'test']) expect(ignored).toContain(p);
    for (const p of ['package.json', 'package-lock.json', 'tsconfig.json', 'runtime', 'plugins', 'types']) expect(ignored).not.toContain(p);
  });
});

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  profiles?: string[];
  command?: string[];
  entrypoint?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  networks?: { default?: { aliases?: string[] } };
};
const compose = parseYaml(readFileSync(file('docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;
/** Compose's `${VAR:-default}` with VAR unset. */
const interpolate = (s: string) => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const flag = (list: string[], name: string) => list[list.indexOf(name) + 1];

describe('docker-compose.yml: the distributed profile', () => {
  const { mock, coordinator, agent } = services;

  test('mock, coordinator and agent run only in the distributed profile; the dashboard stack is unchanged', () => {
    for (const s of [mock, coordinator, agent]) expect(s.profiles).toEqual(['distributed']);
    expect(services.influxdb.profiles).toBeUndefined();
    expect(services.grafana.profiles).toBeUndefined();
  });

  test("one image, built once from deploy/Dockerfile, tagged with the package's version", () => {
    for (const s of [mock, coordinator, agent]) expect(s.image).toBe(`llmload:${pkg.version}`);
    expect(mock.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile' });
    expect(existsSync(file(mock.build!.dockerfile))).toBe(true);
    expect(coordinator.build).toBeUndefined();
    expect(agent.build).toBeUndefined();
  });

  test("the coordinator waits for AGENTS agents, 3 by default like the cluster's, and listens where the agents look", () => {
    const cmd = coordinator.command!;
    expect(cmd.slice(0, 2)).toEqual(['coordinator', '/scripts/scenario.ts']);
    expect(flag(cmd, '--agents')).toBe('${AGENTS:-3}');
    const { objects } = buildKustomization(file('deploy/k8s'));
    const agentsJob = objects.find((o) => o.metadata.name === 'llmload-agents')!;
    expect(Number(interpolate(flag(cmd, '--agents')))).toBe(agentsJob.spec.completions);
    const agentCmd = agent.command!.join(' ');
    const url = new URL(agentCmd.match(/--coordinator (\S+)/)![1]);
    expect(url.hostname).toBe('coordinator');
    expect(url.port).toBe(flag(cmd, '--listen').split(':')[1]);
    // No index in compose: the coordinator assigns them in registration order.
    expect(agentCmd).not.toMatch(/--index|JOB_COMPLETION_INDEX/);
  });

  test('an agent whose part ran outlives the coordinator, so --exit-code-from reports the coordinator', () => {
    expect(agent.entrypoint).toEqual(['/usr/bin/tini', '-g', '--', '/bin/sh', '-c']);
    expect(agent.command).toHaveLength(1);
    expect(agent.command![0]).toMatch(/^llmload agent .* \|\| exit \$\$\?; exec sleep infinity$/);
    expect(agent.depends_on).toEqual({ coordinator: { condition: 'service_healthy' } });
    expect(coordinator.depends_on).toEqual({ mock: { condition: 'service_healthy' } });
  });

  test('the scenario is deploy/k8s/scenario.ts, mounted where the coordinator reads it; the summary lands in a volume', () => {
    for (const s of [coordinator, agent]) expect(s.volumes).toContain('./deploy/k8s/scenario.ts:/scripts/scenario.ts:ro');
    expect(agent.command![0]).toContain(' /scripts/scenario.ts ');
    expect(coordinator.volumes).toContain('llmload-results:/results');
    expect(flag(coordinator.command!, '--summary-export')).toMatch(/^\/results\//);
    expect(compose.volumes).toHaveProperty('llmload-results');
  });

  test('the mock answers as llmload-mock on the port the scenario targets', () => {
    expect(mock.command).toEqual(['mock', '--host', '0.0.0.0', '--port', '8000']);
    expect(mock.networks?.default?.aliases).toEqual(['llmload-mock']);
    expect(readFileSync(file('deploy/k8s/scenario.ts'), 'utf8')).toContain("'http://llmload-mock:8000'");
  });
});
