/** @meshplane/discovery: see README.md. */
export {};
