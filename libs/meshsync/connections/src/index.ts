/** @meshplane/cluster-connections: see README.md. */
export {};
