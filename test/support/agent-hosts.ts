import { execFileSync } from 'node:child_process';

/**
 * Where a distributed test's agents run. As root, each agent gets its own
 * network namespace joined to a bridge in this one (10.203.0.1/24 here,
 * agent i at 10.203.0.(10 + i)): agents are separate hosts that reach the
 * coordinator and the mock over a real link. Otherwise every agent shares
 * loopback.
 */
export interface AgentHosts {
  /** The address agents reach this (the coordinator's and the mock's) host at. */
  serverAddress: string;
  /** The address servers here must listen on for agents to reach them. */
  listenAddress: string;
  /** Namespaces in use (false: loopback). */
  namespaces: boolean;
  /** The command prefix that runs a process as agent `i`. */
  prefix(i: number): string[];
  remove(): void;
}

const BRIDGE = 'llt-br0';
const ns = (i: number) => `llt-agent${i}`;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/** Namespaces for `n` agents when running as root (required then: a failure throws), loopback otherwise. */
export function agentHosts(n: number): AgentHosts {
  if (process.getuid?.() !== 0) {
    return { serverAddress: '127.0.0.1', listenAddress: '127.0.0.1', namespaces: false, prefix: () => [], remove: () => {} };
  }
  cleanup(n);
  ip('link', 'add', BRIDGE, 'type', 'bridge');
  ip('addr', 'add', '10.203.0.1/24', 'dev', BRIDGE);
  ip('link', 'set', BRIDGE, 'up');
  for (let i = 0; i < n; i++) {
    const host = `llt-h${i}`;
    ip('netns', 'add', ns(i));
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns(i));
    ip('link', 'set', host, 'master', BRIDGE);
    ip('link', 'set', host, 'up');
    ip('-n', ns(i), 'addr', 'add', `10.203.0.${10 + i}/24`, 'dev', 'eth0');
    ip('-n', ns(i), 'link', 'set', 'eth0', 'up');
    ip('-n', ns(i), 'link', 'set', 'lo', 'up');
  }
  return {
    serverAddress: '10.203.0.1',
    listenAddress: '10.203.0.1',
    namespaces: true,
    prefix: (i) => ['ip', 'netns', 'exec', ns(i)],
    remove: () => cleanup(n),
  };
}

function cleanup(n: number): void {
  for (let i = 0; i < n; i++) {
    try {
      ip('netns', 'del', ns(i));
    } catch {
      // not there
    }
  }
  try {
    ip('link', 'del', BRIDGE);
  } catch {
    // not there
  }
}
