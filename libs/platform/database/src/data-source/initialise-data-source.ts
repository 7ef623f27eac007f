import type { DataSource } from 'typeorm';

/**
 * Connects, turning the driver's error into one that says where we tried to connect (user, host, port,
 * database) and never the password, even if a driver message were to echo it.
 */
export async function initialiseDataSource(dataSource: DataSource, url: string): Promise<DataSource> {
  try {
    return await dataSource.initialize();
  } catch (error) {
    const { target, password } = describeTarget(url);
    let message = (error as Error).message || String(error);
    if (password) message = message.split(password).join('***');
    throw new Error(`Cannot connect to Postgres at ${target}: ${message}`);
  }
}

export function describeTarget(url: string): { target: string; password: string } {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return {
      target: `${user}${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
      password: decodeURIComponent(parsed.password),
    };
  } catch {
    return { target: '(unparsable DATABASE_URL)', password: '' };
  }
}
