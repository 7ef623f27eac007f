/** @meshplane/identity: see README.md. */
export {};
