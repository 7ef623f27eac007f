/** @meshplane/inventory: see README.md. */
export {};
