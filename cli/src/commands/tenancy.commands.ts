import { Command } from 'commander';
import {
  ApiTokensDocument,
  ChangeMemberRoleDocument,
  CreateApiTokenDocument,
  CreateEnvironmentDocument,
  CreateOrganizationDocument,
  CreateWorkspaceDocument,
  DeleteEnvironmentDocument,
  DeleteOrganizationDocument,
  DeleteWorkspaceDocument,
  EnvironmentsDocument,
  InvitationsDocument,
  InviteMemberDocument,
  MeDocument,
  MembersDocument,
  OrganizationsDocument,
  RemoveMemberDocument,
  RevokeApiTokenDocument,
  RevokeInvitationDocument,
  UpdateOrganizationDocument,
  WorkspacesDocument,
  type ApiTokenRole,
  type MemberRole,
} from '@meshplane/client';
import { readConfig, upsertContext, writeConfig } from '../config/config-file.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, render, statusStyle } from '../output/format.js';
import { collectPages } from '../pages.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';

const ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;

function role(option: string) {
  return (value: string): MemberRole & ApiTokenRole => {
    const upper = value.toUpperCase();
    if (!(ROLES as readonly string[]).includes(upper)) {
      throw new CliError(
        `${option}: ${value} is not a role`,
        ExitCode.USAGE,
        `use one of ${ROLES.map((r) => r.toLowerCase()).join(', ')}`,
      );
    }
    return upper as MemberRole & ApiTokenRole;
  };
}

export function tenancyCommands(runtime: CliRuntime): Command[] {
  return [
    orgCommand(runtime),
    workspaceCommand(runtime),
    envCommand(runtime),
    memberCommand(runtime),
    tokenCommand(runtime),
  ];
}

function orgCommand(runtime: CliRuntime): Command {
  const org = new Command('org').description('organizations you belong to');
  org
    .command('list')
    .description('your organizations and your role in each')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 500)
    .action(async (options: { limit: number }, command: Command) => {
      const { output } = globalOptions(command);
      const session = await sessionFor(runtime, command);
      const { me } = await session.client.request(MeDocument);
      const current = session.context.organization ?? me.currentOrganizationId;
      const { items } = await collectPages(
        options.limit,
        async (first, after) =>
          (await session.client.request(OrganizationsDocument, { first, after })).organizations,
      );
      render(runtime.terminal, output, items, items, [
        { header: 'CURRENT', value: (o) => (o.id === current ? '*' : '') },
        { header: 'NAME', value: (o) => o.name },
        { header: 'ID', value: (o) => o.id },
        { header: 'ROLE', value: (o) => o.myRole },
        { header: 'AGE', value: (o) => age(o.createdAt) },
      ]);
    });
  org
    .command('create <name>')
    .description('a new organization, owned by you')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { createOrganization: created } = await client.request(CreateOrganizationDocument, {
        input: { name },
      });
      render(
        runtime.terminal,
        output,
        created,
        [created],
        [
          { header: 'NAME', value: (o) => o.name },
          { header: 'ID', value: (o) => o.id },
          { header: 'ROLE', value: (o) => o.myRole },
        ],
      );
    });
  org
    .command('rename <id> <name>')
    .description('rename an organization')
    .action(async (id: string, name: string, _options: unknown, command: Command) => {
      const { client } = await sessionFor(runtime, command);
      await client.request(UpdateOrganizationDocument, { input: { id, name } });
      runtime.terminal.err(`Organization ${id} renamed to ${name}\n`);
    });
  org
    .command('delete <id>')
    .description('delete an organization (owners only)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client } = await sessionFor(runtime, command);
      const { deleteOrganization } = await client.request(DeleteOrganizationDocument, { id });
      runtime.terminal.err(`Organization ${deleteOrganization.name} deleted\n`);
    });
  org
    .command('switch <id>')
    .description('act in another of your organizations from now on (in the current context)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const session = await sessionFor(runtime, command);
      const { me } = await session.client.request(MeDocument);
      if (!me.memberships.some((m) => m.organizationId === id)) {
        throw new CliError(
          `you are not a member of organization ${id}`,
          ExitCode.NOT_FOUND,
          'see `meshplane org list`',
        );
      }
      const config = await readConfig(runtime.env.configPath);
      await writeConfig(
        runtime.env.configPath,
        upsertContext(config, { ...session.context, organization: id }),
      );
      runtime.terminal.err(`Context ${session.context.name} now acts in organization ${id}\n`);
    });
  return org;
}

function workspaceCommand(runtime: CliRuntime): Command {
  const workspace = new Command('workspace').description('workspaces of the organization');
  workspace
    .command('list')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 500)
    .action(async (options: { limit: number }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { items } = await collectPages(
        options.limit,
        async (first, after) => (await client.request(WorkspacesDocument, { first, after })).workspaces,
      );
      render(runtime.terminal, output, items, items, [
        { header: 'NAME', value: (w) => w.name },
        { header: 'ID', value: (w) => w.id },
        { header: 'DESCRIPTION', value: (w) => w.description },
        { header: 'AGE', value: (w) => age(w.createdAt) },
      ]);
    });
  workspace
    .command('create <name>')
    .option('--description <text>', 'what it is for')
    .action(async (name: string, options: { description?: string }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { createWorkspace: created } = await client.request(CreateWorkspaceDocument, {
        input: { name, ...(options.description ? { description: options.description } : {}) },
      });
      render(
        runtime.terminal,
        output,
        created,
        [created],
        [
          { header: 'NAME', value: (w) => w.name },
          { header: 'ID', value: (w) => w.id },
        ],
      );
    });
  workspace.command('delete <id>').action(async (id: string, _options: unknown, command: Command) => {
    const { client } = await sessionFor(runtime, command);
    const { deleteWorkspace } = await client.request(DeleteWorkspaceDocument, { id });
    runtime.terminal.err(`Workspace ${deleteWorkspace.name} deleted\n`);
  });
  return workspace;
}

function envCommand(runtime: CliRuntime): Command {
  const env = new Command('env').description('environments of a workspace');
  env
    .command('list')
    .requiredOption('--workspace <id>', 'the workspace')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 500)
    .action(async (options: { workspace: string; limit: number }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { items } = await collectPages(
        options.limit,
        async (first, after) =>
          (await client.request(EnvironmentsDocument, { workspaceId: options.workspace, first, after }))
            .environments,
      );
      render(runtime.terminal, output, items, items, [
        { header: 'NAME', value: (e) => e.name },
        { header: 'ID', value: (e) => e.id },
        { header: 'DESCRIPTION', value: (e) => e.description },
        { header: 'AGE', value: (e) => age(e.createdAt) },
      ]);
    });
  env
    .command('create <name>')
    .requiredOption('--workspace <id>', 'the workspace it belongs to')
    .option('--description <text>', 'what it is for')
    .action(async (name: string, options: { workspace: string; description?: string }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { createEnvironment: created } = await client.request(CreateEnvironmentDocument, {
        input: {
          workspaceId: options.workspace,
          name,
          ...(options.description ? { description: options.description } : {}),
        },
      });
      render(
        runtime.terminal,
        output,
        created,
        [created],
        [
          { header: 'NAME', value: (e) => e.name },
          { header: 'ID', value: (e) => e.id },
          { header: 'WORKSPACE', value: (e) => e.workspaceId },
        ],
      );
    });
  env.command('delete <id>').action(async (id: string, _options: unknown, command: Command) => {
    const { client } = await sessionFor(runtime, command);
    const { deleteEnvironment } = await client.request(DeleteEnvironmentDocument, { id });
    runtime.terminal.err(`Environment ${deleteEnvironment.name} deleted\n`);
  });
  return env;
}

function memberCommand(runtime: CliRuntime): Command {
  const member = new Command('member').description('members of the organization and invitations to it');
  member
    .command('list')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 500)
    .action(async (options: { limit: number }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { items } = await collectPages(
        options.limit,
        async (first, after) => (await client.request(MembersDocument, { first, after })).members,
      );
      render(runtime.terminal, output, items, items, [
        { header: 'EMAIL', value: (m) => m.email },
        { header: 'NAME', value: (m) => m.displayName },
        { header: 'ROLE', value: (m) => m.role },
        { header: 'USER ID', value: (m) => m.userId },
        { header: 'JOINED', value: (m) => age(m.joinedAt) },
      ]);
    });
  member
    .command('invite <email>')
    .option(
      '--role <role>',
      'owner, admin, member or viewer (default: the organization’s default)',
      role('--role'),
    )
    .action(async (email: string, options: { role?: MemberRole }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { inviteMember } = await client.request(InviteMemberDocument, {
        email,
        ...(options.role ? { role: options.role } : {}),
      });
      render(
        runtime.terminal,
        output,
        inviteMember,
        [inviteMember],
        [
          { header: 'EMAIL', value: (i) => i.invitation.email },
          { header: 'ROLE', value: (i) => i.invitation.role },
          { header: 'TOKEN (shown once)', value: (i) => i.token, whole: true },
        ],
      );
    });
  member
    .command('invitations')
    .option('--pending', 'only invitations not yet accepted')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 500)
    .action(async (options: { pending?: boolean; limit: number }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { items } = await collectPages(
        options.limit,
        async (first, after) =>
          (
            await client.request(InvitationsDocument, {
              first,
              after,
              filter: options.pending ? { pendingOnly: true } : {},
            })
          ).invitations,
      );
      render(runtime.terminal, output, items, items, [
        { header: 'EMAIL', value: (i) => i.email },
        { header: 'ROLE', value: (i) => i.role },
        { header: 'STATUS', value: (i) => i.status, style: statusStyle },
        { header: 'ID', value: (i) => i.id },
        { header: 'EXPIRES', value: (i) => i.expiresAt },
      ]);
    });
  member.command('revoke-invitation <id>').action(async (id: string, _options: unknown, command: Command) => {
    const { client } = await sessionFor(runtime, command);
    const { revokeInvitation } = await client.request(RevokeInvitationDocument, { id });
    runtime.terminal.err(`Invitation of ${revokeInvitation.email} revoked\n`);
  });
  member
    .command('set-role <userId> <role>')
    .action(async (userId: string, value: string, _options: unknown, command: Command) => {
      const { client } = await sessionFor(runtime, command);
      const { changeMemberRole } = await client.request(ChangeMemberRoleDocument, {
        userId,
        role: role('<role>')(value),
      });
      runtime.terminal.err(`${changeMemberRole.email} is now ${changeMemberRole.role}\n`);
    });
  member.command('remove <userId>').action(async (userId: string, _options: unknown, command: Command) => {
    const { client } = await sessionFor(runtime, command);
    const { removeMember } = await client.request(RemoveMemberDocument, { userId });
    runtime.terminal.err(`${removeMember.email} removed from the organization\n`);
  });
  return member;
}

function tokenCommand(runtime: CliRuntime): Command {
  const token = new Command('token').description(
    'API tokens (for scripts and CI: `meshplane login --token-stdin`)',
  );
  token
    .command('list')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 500)
    .action(async (options: { limit: number }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { items } = await collectPages(
        options.limit,
        async (first, after) => (await client.request(ApiTokensDocument, { first, after })).apiTokens,
      );
      render(runtime.terminal, output, items, items, [
        { header: 'NAME', value: (t) => t.name },
        { header: 'ID', value: (t) => t.id },
        { header: 'ROLE', value: (t) => t.role },
        { header: 'EXPIRES', value: (t) => t.expiresAt },
        { header: 'STATE', value: (t) => (t.revokedAt ? 'REVOKED' : 'active'), style: statusStyle },
      ]);
    });
  token
    .command('create <name>')
    .requiredOption('--role <role>', 'the most it grants: owner, admin, member or viewer', role('--role'))
    .option('--days <n>', 'lifetime in days (1 to 365)', positiveInt('--days'), 30)
    .action(async (name: string, options: { role: ApiTokenRole; days: number }, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const { createApiToken } = await client.request(CreateApiTokenDocument, {
        input: { name, role: options.role, expiresInDays: options.days },
      });
      render(
        runtime.terminal,
        output,
        createApiToken,
        [createApiToken],
        [
          { header: 'NAME', value: (t) => t.apiToken.name },
          { header: 'ID', value: (t) => t.apiToken.id },
          { header: 'EXPIRES', value: (t) => t.apiToken.expiresAt },
          { header: 'TOKEN (shown once)', value: (t) => t.token, whole: true },
        ],
      );
    });
  token.command('revoke <id>').action(async (id: string, _options: unknown, command: Command) => {
    const { client } = await sessionFor(runtime, command);
    const { revokeApiToken } = await client.request(RevokeApiTokenDocument, { id });
    runtime.terminal.err(`API token ${revokeApiToken.name} revoked\n`);
  });
  return token;
}
