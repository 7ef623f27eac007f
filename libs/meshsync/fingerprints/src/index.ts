/** @meshplane/mesh-fingerprints: see README.md. */
export {};
