/**
 * A pod's volumes laid out on the local disk the way the kubelet lays them out, so that the manifests'
 * commands run against the paths they see in the cluster:
 * - a ConfigMap volume is a directory whose keys are symlinks (`key` → `..data/key`, `..data` → a directory
 *   named after the mount time, so another name in each pod);
 * - a subPath mount of a ConfigMap key is the file itself;
 * - an emptyDir is an empty directory.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Container, K8sObject, Volume } from './k8s-manifests.js';

let mounts = 0;

/**
 * Lays out `container`'s mounts under `root` and returns the mapping from a path inside the pod to its local
 * path (paths outside every mount are returned as they are).
 */
export function mountVolumes(root: string, container: Container, volumes: Volume[], objects: K8sObject[]): (inPod: string) => string {
  const table: Array<{ mountPath: string; local: string }> = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = volumes.find((v) => v.name === m.name);
    if (!volume) throw new Error(`volumeMount ${m.name}: no such volume`);
    const local = path.join(root, m.mountPath);
    if (volume.emptyDir) {
      mkdirSync(local, { recursive: true });
    } else if (volume.configMap) {
      const data = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap!.name)?.data;
      if (!data) throw new Error(`volume ${volume.name}: no ConfigMap ${volume.configMap.name}`);
      if (m.subPath !== undefined) {
        if (!(m.subPath in data)) throw new Error(`volumeMount ${m.name}: no key ${m.subPath}`);
        mkdirSync(path.dirname(local), { recursive: true });
        writeFileSync(local, data[m.subPath]);
      } else {
        configMapDir(local, data);
      }
    } else {
      throw new Error(`volume ${volume.name}: only configMap and emptyDir volumes are laid out`);
    }
    table.push({ mountPath: m.mountPath, local });
  }
  table.sort((a, b) => b.mountPath.length - a.mountPath.length);
  return (inPod) => {
    const hit = table.find((t) => inPod === t.mountPath || inPod.startsWith(`${t.mountPath}/`));
    return hit ? hit.local + inPod.slice(hit.mountPath.length) : inPod;
  };
}

/** The kubelet's atomic-writer layout of a ConfigMap volume. */
function configMapDir(dir: string, data: Record<string, string>): void {
  const stamp = `..2026_01_01_00_00_00.${String(++mounts).padStart(9, '0')}`;
  mkdirSync(path.join(dir, stamp), { recursive: true });
  for (const [key, value] of Object.entries(data)) writeFileSync(path.join(dir, stamp, key), value);
  symlinkSync(stamp, path.join(dir, '..data'));
  for (const key of Object.keys(data)) symlinkSync(path.join('..data', key), path.join(dir, key));
}
