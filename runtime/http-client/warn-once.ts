/**
 * The first failure of each kind is worth a line on stderr; the rest are
 * only counted (in the metrics), so a dead server does not flood the log.
 */
export type WarnOnce = (kind: string, message: string) => void;

export function createWarnOnce(warn: (message: string) => void): WarnOnce {
  const seen = new Set<string>();
  return (kind, message) => {
    if (seen.has(kind)) return;
    seen.add(kind);
    warn(message);
  };
}
