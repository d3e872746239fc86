import type { SecureVersion } from 'node:tls';

/** A client certificate (k6's `tlsAuth` entry). */
export interface ClientCert {
  /** Server names it is presented to ("*.example.com" allowed); empty: any server without a more specific one. */
  domains: string[];
  cert: string;
  key: string;
  passphrase?: string;
}

/** Where a connection to a name goes instead of DNS (k6's `hosts`). */
export interface HostsLookup {
  /** The override for a connection to hostname:port, or undefined (use DNS). */
  lookup(hostname: string, port: number): { ip: string; port?: number } | undefined;
}

/** What a VU's connections need to open connections: TLS settings and `hosts` overrides (llmload/http's options). */
export interface ConnectConfig {
  insecureSkipTLSVerify: boolean;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  certs: ClientCert[];
  hosts?: HostsLookup;
}
