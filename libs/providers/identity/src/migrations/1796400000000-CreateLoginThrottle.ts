import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-in counters shared by every replica, in the layout rate-limiter-flexible's RateLimiterPostgres
 * reads and writes (it is told the table exists, so it never runs DDL as the application role). Keys are
 * `account:<sha256 of the email>` and `address:<client address>`: global, like users, not tenant-owned.
 */
export class CreateLoginThrottle1796400000000 implements MigrationInterface {
  name = 'CreateLoginThrottle1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "providers"."login_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_login_throttle_expire" ON "providers"."login_throttle" ("expire")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "providers"."login_throttle"`);
  }
}
