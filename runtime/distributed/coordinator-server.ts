import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LlmloadError } from '../errors.js';
import { monoNow } from '../scheduler/clock.js';
import { LLMLOAD_VERSION } from '../version.js';
import type { ScriptArchive } from './archive.js';
import { PROTOCOL_VERSION, type PushReply, type PushRequest, type ReadyReply, type RegisterReply, type RegisterRequest } from './protocol.js';

/** One registered agent, as the coordinator sees it. */
export interface AgentEntry {
  id: string;
  index: number;
  instance: string;
  /** monoNow() of its last push (or of its registration). */
  lastSeen: number;
  ready: boolean;
  done: boolean;
  lost: boolean;
}

export interface CoordinatorServerOptions {
  agents: number;
  host: string;
  port: number;
  archive: ScriptArchive;
  /** What each agent is told at registration, besides its index. */
  reply(index: number): Omit<RegisterReply, 'agent' | 'index' | 'agents'>;
  /** A push arrived; returns the answer (stop or not). Throwing refuses it. */
  onPush(agent: AgentEntry, push: PushRequest): PushReply;
  log(message: string): void;
}

/** The coordinator's HTTP side: registration, the archive, the ready barrier, pushes. */
export interface CoordinatorServer {
  url: string;
  agents(): readonly AgentEntry[];
  /** Resolves when every agent has registered and is ready (VUs initialised). */
  allReady: Promise<void>;
  /** An agent was lost: the ready barrier opens when every other one is ready. */
  recheck(): void;
  /** Answers every waiting and later /v1/ready: setup() ran, start at `startAt`. */
  release(reply: ReadyReply): void;
  close(): Promise<void>;
}

export async function startCoordinatorServer(opts: CoordinatorServerOptions): Promise<CoordinatorServer> {
  const table = new Map<string, AgentEntry>();
  const waiting: ServerResponse[] = [];
  let released: ReadyReply | undefined;
  let readyResolve!: () => void;
  const allReady = new Promise<void>((r) => (readyResolve = r));

  const checkReady = () => {
    const live = [...table.values()].filter((a) => !a.lost);
    if (table.size === opts.agents && live.length > 0 && live.every((a) => a.ready)) readyResolve();
  };
  const register = (body: RegisterRequest): RegisterReply => {
    if (body.protocol !== PROTOCOL_VERSION || body.version !== LLMLOAD_VERSION) {
      throw refusal(`agent runs llmload ${body.version} (protocol ${body.protocol}), the coordinator ${LLMLOAD_VERSION} (protocol ${PROTOCOL_VERSION})`);
    }
    if (body.digest !== undefined && body.digest !== opts.archive.digest) {
      throw refusal(`the agent's script differs from the coordinator's (digest ${body.digest.slice(0, 12)} ≠ ${opts.archive.digest.slice(0, 12)})`);
    }
    const taken = new Set([...table.values()].map((a) => a.index));
    let index = body.index;
    if (index === undefined) for (index = 0; taken.has(index); index++);
    if (!Number.isInteger(index) || index < 0 || index >= opts.agents) throw refusal(`agent index ${index} is not in 0..${opts.agents - 1}`);
    if (taken.has(index)) throw refusal(`agent index ${index} is already taken`);
    const id = `agent-${index}`;
    table.set(id, { id, index, instance: body.instance, lastSeen: monoNow(), ready: false, done: false, lost: false });
    opts.log(`agent ${index} registered (${body.instance})`);
    return { agent: id, index, agents: opts.agents, ...opts.reply(index) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const route = `${req.method} ${req.url}`;
    if (route === 'GET /v1/archive') return send(res, 200, opts.archive);
    const body = (await readJson(req)) as Record<string, unknown>;
    if (route === 'POST /v1/register') return send(res, 200, register(body as unknown as RegisterRequest));
    const agent = table.get(String(body.agent));
    if (!agent) throw refusal(`unknown agent ${JSON.stringify(body.agent)}`, 404);
    agent.lastSeen = monoNow();
    if (route === 'POST /v1/ready') {
      agent.ready = true;
      if (released) return send(res, 200, released);
      waiting.push(res);
      return checkReady();
    }
    if (route === 'POST /v1/push') return send(res, 200, opts.onPush(agent, body as unknown as PushRequest));
    throw refusal(`no route ${route}`, 404);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = (err as { status?: number }).status ?? 500;
      send(res, status, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new LlmloadError('ERR_INVALID_OPTION', `--listen ${opts.host}:${opts.port}: ${err.message}`)));
    server.listen({ host: opts.host, port: opts.port }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
    agents: () => [...table.values()],
    allReady,
    recheck: checkReady,
    release(reply) {
      released = reply;
      for (const res of waiting.splice(0)) send(res, 200, reply);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of waiting.splice(0)) send(res, 200, { startAt: 0, abort: 'the coordinator stopped' });
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refusal(message: string, status = 409): Error {
  return Object.assign(new Error(message), { status });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw refusal('the request body is not JSON', 400);
  }
}
