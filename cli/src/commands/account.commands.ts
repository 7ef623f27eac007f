import { Command } from 'commander';
import { ChangePasswordDocument, MySessionsDocument, RevokeSessionDocument } from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { age } from '../output/format.js';
import type { Terminal } from '../output/terminal.js';
import type { CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';

/** What the signed-in person manages for themselves: their password and their sessions. */
export function accountCommands(runtime: CliRuntime): Command[] {
  return [passwordCommand(runtime), sessionsCommand(runtime)];
}

function passwordCommand(runtime: CliRuntime): Command {
  return new Command('password').description('your local password').addCommand(
    mutationCommand(runtime, {
      usage: 'change',
      description: 'change your local password (asked twice, never shown); your other sessions end',
      options: (c) =>
        c.option(
          '--password-stdin',
          'read the current password, then the new one, one per line from standard input (for scripts)',
        ),
      run: async ({ client }, _args: [], options: { passwordStdin?: boolean }) => {
        const passwords = options.passwordStdin
          ? twoLines(await runtime.terminal.readStdin())
          : await askPasswords(runtime.terminal);
        await client.request(ChangePasswordDocument, passwords);
      },
      done: () => 'Password changed; your other sessions have ended',
    }),
  );
}

function twoLines(input: string): { currentPassword: string; newPassword: string } {
  const [currentPassword = '', newPassword = ''] = input.split(/\r?\n/);
  if (!currentPassword || !newPassword) {
    throw new CliError(
      'standard input must hold the current password and the new one, one per line',
      ExitCode.USAGE,
      'e.g. `printf \'%s\\n%s\\n\' "$OLD" "$NEW" | meshplane password change --password-stdin`',
    );
  }
  return { currentPassword, newPassword };
}

async function askPasswords(terminal: Terminal): Promise<{ currentPassword: string; newPassword: string }> {
  const currentPassword = await terminal.promptSecret('Current password: ');
  const newPassword = await terminal.promptSecret('New password (at least 12 characters): ');
  if (!newPassword) throw new CliError('newPassword: no new password was given', ExitCode.USAGE);
  if ((await terminal.promptSecret('New password again: ')) !== newPassword) {
    throw new CliError('newPassword: the two entries differ; nothing was changed', ExitCode.USAGE);
  }
  return { currentPassword, newPassword };
}

function sessionsCommand(runtime: CliRuntime): Command {
  return new Command('sessions')
    .description('where you are signed in: one session per sign-in, continued by refreshing')
    .addCommand(
      listCommand(runtime, {
        usage: 'list',
        description: 'your sessions; * marks the one this context uses',
        all: async ({ client }) => (await client.request(MySessionsDocument)).mySessions,
        columns: [
          { header: 'CURRENT', value: (s) => (s.current ? '*' : '') },
          { header: 'ID', value: (s) => s.id },
          { header: 'CLIENT', value: (s) => s.client },
          { header: 'PROVIDER', value: (s) => s.provider },
          { header: 'ADDRESS', value: (s) => s.clientAddress },
          { header: 'CREATED', value: (s) => age(s.createdAt) },
          { header: 'LAST USED', value: (s) => age(s.lastUsedAt) },
          { header: 'EXPIRES', value: (s) => s.expiresAt },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'revoke <id>',
        description: 'end one of your sessions: its tokens stop working',
        run: async ({ client }, [id]: [string]) => {
          await client.request(RevokeSessionDocument, { id });
          return id;
        },
        done: (id) => `Session ${id} ended`,
      }),
    );
}
