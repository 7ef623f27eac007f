export interface RenderMigrationOptions {
  /** PascalCase name ending with a 13-digit millisecond timestamp, as TypeORM requires. */
  className: string;
  up: string[];
  down: string[];
}

const CLASS_NAME = /^[A-Z][A-Za-z0-9]*\d{13}$/;

/** TypeScript source (ESM) of a migration class running the given SQL, for `npm run generate`. */
export function renderMigration({ className, up, down }: RenderMigrationOptions): string {
  if (!CLASS_NAME.test(className)) {
    throw new Error(
      `Migration class name "${className}" must be PascalCase and end with a 13-digit timestamp`,
    );
  }
  return [
    "import type { MigrationInterface, QueryRunner } from 'typeorm';",
    '',
    `export class ${className} implements MigrationInterface {`,
    `  name = '${className}';`,
    '',
    '  async up(queryRunner: QueryRunner): Promise<void> {',
    ...up.map(renderQuery),
    '  }',
    '',
    '  async down(queryRunner: QueryRunner): Promise<void> {',
    ...down.map(renderQuery),
    '  }',
    '}',
    '',
  ].join('\n');
}

function renderQuery(sql: string): string {
  return `    await queryRunner.query(\`${escapeTemplateLiteral(sql)}\`);`;
}

/** Backslashes first, so the escapes added for backticks and `${` are not themselves escaped. */
function escapeTemplateLiteral(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}
