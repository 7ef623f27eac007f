import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface SeedUser {
  username: string;
  password: string;
  /** Stable `sub`; defaults to `user:<username>`. */
  subject?: string;
  name?: string;
  email?: string;
  orgId?: string;
  roles: string[];
}

export interface User {
  subject: string;
  username: string;
  name: string;
  email?: string;
  orgId?: string;
  roles: string[];
}

export const DEMO_USERS: readonly SeedUser[] = [
  {
    username: 'alice',
    password: 'alice-password',
    orgId: 'acme',
    roles: ['owner'],
    email: 'alice@acme.test',
  },
  { username: 'bob', password: 'bob-password', orgId: 'acme', roles: ['viewer'], email: 'bob@acme.test' },
];

interface StoredUser extends User {
  salt: Buffer;
  passwordHash: Buffer;
}

/** In-memory users; passwords are kept only as scrypt hashes even here, as a real provider would. */
export class UserStore {
  private readonly byUsername = new Map<string, StoredUser>();
  private readonly bySubject = new Map<string, StoredUser>();
  // Compared against when the username is unknown, so timing does not reveal which usernames exist.
  private readonly decoy = { salt: randomBytes(16), passwordHash: randomBytes(32) };

  constructor(seed: readonly SeedUser[]) {
    for (const user of seed) {
      const salt = randomBytes(16);
      const stored: StoredUser = {
        subject: user.subject ?? `user:${user.username}`,
        username: user.username,
        name: user.name ?? user.username,
        ...(user.email === undefined ? {} : { email: user.email }),
        ...(user.orgId === undefined ? {} : { orgId: user.orgId }),
        roles: [...user.roles],
        salt,
        passwordHash: scryptSync(user.password, salt, 32),
      };
      this.byUsername.set(stored.username, stored);
      this.bySubject.set(stored.subject, stored);
    }
  }

  authenticate(username: string, password: string): User | undefined {
    const user = this.byUsername.get(username);
    const { salt, passwordHash } = user ?? this.decoy;
    const matches = timingSafeEqual(scryptSync(password, salt, 32), passwordHash);
    return user && matches ? publicView(user) : undefined;
  }

  bySubjectId(subject: string): User | undefined {
    const user = this.bySubject.get(subject);
    return user && publicView(user);
  }
}

function publicView({ salt: _salt, passwordHash: _hash, ...user }: StoredUser): User {
  return user;
}
