/** `url` (host, port, database, parameters) with another role's credentials. */
export function roleUrl(url: string, role: string, password: string): string {
  const target = new URL(url);
  // The URL setters leave '%' alone, so a name or password containing one would decode to something else.
  target.username = encodeURIComponent(role);
  target.password = encodeURIComponent(password);
  return target.toString();
}
