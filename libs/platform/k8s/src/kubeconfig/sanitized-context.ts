/** A cluster entry rebuilt from allow-listed fields only; base64 fields are kept base64 as client-node expects. */
export interface SanitizedCluster {
  readonly name: string;
  readonly server: string;
  readonly certificateAuthorityData?: string;
  readonly tlsServerName?: string;
  readonly insecureSkipTlsVerify: boolean;
}

/** Only static credentials: a bearer token, a client certificate and key, or basic auth. */
export interface SanitizedUser {
  readonly name: string;
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  readonly username?: string;
  readonly password?: string;
}

export interface SanitizedContext {
  readonly name: string;
  readonly namespace?: string;
  readonly cluster: SanitizedCluster;
  readonly user: SanitizedUser;
  /** Where the entries came from in the uploaded document, to name fields in later errors. */
  readonly source: { readonly cluster: string; readonly user: string; readonly context: string };
}

export interface ParsedKubeconfig {
  readonly contexts: SanitizedContext[];
}
