/** @meshplane/tenancy: see README.md. */
export {};
