import { createHash } from 'node:crypto';

/** One check of a group, as in k6's summary data (`root_group.checks[]`). */
export interface CheckSummary {
  name: string;
  /** group path + '::' + name, e.g. '::auth::status is 200'. */
  path: string;
  /** md5 (hex) of `path`, as k6 computes it. */
  id: string;
  passes: number;
  fails: number;
}

/** A group and what ran in it; the root group has name '' and path ''. */
export interface GroupSummary {
  name: string;
  /** '' for the root, '::a::b' for group b inside group a (k6's separator). */
  path: string;
  /** md5 (hex) of `path`. */
  id: string;
  groups: GroupSummary[];
  checks: CheckSummary[];
}

/** The tree's exact counts, for another process to merge: groups and checks in first-seen order. */
export interface RawGroups {
  /** Group paths ('::a', '::a::b'), parents before children; the root is implied. */
  groups: string[];
  /** [group path, check name, passes, fails]. */
  checks: Array<[string, string, number, number]>;
}

interface GroupNode {
  name: string;
  path: string;
  groups: Map<string, GroupNode>;
  checks: Map<string, { passes: number; fails: number }>;
}

const SEP = '::';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * Builds k6's group tree from the `group` tag of samples and the results of
 * `checks` samples (tags `group`, `check`). Groups and checks keep the order
 * in which they were first seen.
 */
export class GroupTracker {
  private readonly root: GroupNode = { name: '', path: '', groups: new Map(), checks: new Map() };
  private readonly byPath = new Map<string, GroupNode>([['', this.root]]);

  /** The group at `path` ('' or '::a::b'), created with its parents when new. */
  group(path: string): GroupNode {
    const known = this.byPath.get(path);
    if (known) return known;
    const norm = path.startsWith(SEP) ? path : SEP + path;
    let node = this.root;
    for (const name of norm.slice(SEP.length).split(SEP)) {
      let child = node.groups.get(name);
      if (!child) {
        child = { name, path: node.path + SEP + name, groups: new Map(), checks: new Map() };
        node.groups.set(name, child);
        this.byPath.set(child.path, child);
      }
      node = child;
    }
    this.byPath.set(path, node);
    return node;
  }

  check(groupPath: string, name: string, passed: boolean): void {
    const checks = this.group(groupPath).checks;
    let c = checks.get(name);
    if (!c) checks.set(name, (c = { passes: 0, fails: 0 }));
    if (passed) c.passes++;
    else c.fails++;
  }

  /** Adds counts of a check (a merge of another tracker's). */
  addCheck(groupPath: string, name: string, passes: number, fails: number): void {
    const checks = this.group(groupPath).checks;
    const c = checks.get(name);
    if (c) {
      c.passes += passes;
      c.fails += fails;
    } else checks.set(name, { passes, fails });
  }

  /** The exact state (see RawGroups). */
  toRaw(): RawGroups {
    const raw: RawGroups = { groups: [], checks: [] };
    const visit = (n: GroupNode) => {
      if (n !== this.root) raw.groups.push(n.path);
      for (const [name, c] of n.checks) raw.checks.push([n.path, name, c.passes, c.fails]);
      for (const child of n.groups.values()) visit(child);
    };
    visit(this.root);
    return raw;
  }

  /** Adds another tracker's state: unknown groups and checks are appended in their order, counts add up. */
  mergeRaw(raw: RawGroups): void {
    for (const path of raw.groups) this.group(path);
    for (const [group, name, passes, fails] of raw.checks) this.addCheck(group, name, passes, fails);
  }

  /** A snapshot of the tree in k6's summary shape. */
  tree(): GroupSummary {
    return toSummary(this.root);
  }
}

function toSummary(n: GroupNode): GroupSummary {
  return {
    name: n.name,
    path: n.path,
    id: md5(n.path),
    groups: [...n.groups.values()].map(toSummary),
    checks: [...n.checks].map(([name, c]) => {
      const path = n.path + SEP + name;
      return { name, path, id: md5(path), passes: c.passes, fails: c.fails };
    }),
  };
}
