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
  DisableMemberDocument,
  EnableMemberDocument,
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
import { age, statusStyle } from '../output/format.js';
import { positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';
import { resolveMember } from './resolve.js';

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

const withDescription = (description: string | undefined) => (description ? { description } : {});

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
  return new Command('org')
    .description('organizations you belong to')
    .addCommand(
      listCommand(runtime, {
        usage: 'list',
        description: 'your organizations and your role in each',
        page:
          ({ client }) =>
          async (first, after) =>
            (await client.request(OrganizationsDocument, { first, after })).organizations,
        columns: async ({ client, context }) => {
          const current = context.organization ?? (await client.request(MeDocument)).me.currentOrganizationId;
          return [
            { header: 'CURRENT', value: (o) => (o.id === current ? '*' : '') },
            { header: 'NAME', value: (o) => o.name },
            { header: 'ID', value: (o) => o.id },
            { header: 'ROLE', value: (o) => o.myRole },
            { header: 'AGE', value: (o) => age(o.createdAt) },
          ];
        },
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'create <name>',
        description: 'a new organization, owned by you',
        run: async ({ client }, [name]: [string]) =>
          (await client.request(CreateOrganizationDocument, { input: { name } })).createOrganization,
        columns: [
          { header: 'NAME', value: (o) => o.name },
          { header: 'ID', value: (o) => o.id },
          { header: 'ROLE', value: (o) => o.myRole },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'rename <id> <name>',
        description: 'rename an organization',
        run: async ({ client }, [id, name]: [string, string]) =>
          (await client.request(UpdateOrganizationDocument, { input: { id, name } })).updateOrganization,
        done: (o) => `Organization ${o.id} renamed to ${o.name}`,
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'delete <id>',
        description: 'delete an organization (owners only)',
        run: async ({ client }, [id]: [string]) =>
          (await client.request(DeleteOrganizationDocument, { id })).deleteOrganization,
        done: (o) => `Organization ${o.name} deleted`,
      }),
    )
    .addCommand(switchOrgCommand(runtime));
}

/** Not a mutation of the API: it changes which organization the local context acts in. */
function switchOrgCommand(runtime: CliRuntime): Command {
  return new Command('switch')
    .argument('<id>')
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
}

function workspaceCommand(runtime: CliRuntime): Command {
  return new Command('workspace')
    .description('workspaces of the organization')
    .addCommand(
      listCommand(runtime, {
        usage: 'list',
        description: 'workspaces of the organization',
        page:
          ({ client }) =>
          async (first, after) =>
            (await client.request(WorkspacesDocument, { first, after })).workspaces,
        columns: [
          { header: 'NAME', value: (w) => w.name },
          { header: 'ID', value: (w) => w.id },
          { header: 'DESCRIPTION', value: (w) => w.description },
          { header: 'AGE', value: (w) => age(w.createdAt) },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'create <name>',
        description: 'a new workspace',
        options: (c) => c.option('--description <text>', 'what it is for'),
        run: async ({ client }, [name]: [string], options: { description?: string }) =>
          (
            await client.request(CreateWorkspaceDocument, {
              input: { name, ...withDescription(options.description) },
            })
          ).createWorkspace,
        columns: [
          { header: 'NAME', value: (w) => w.name },
          { header: 'ID', value: (w) => w.id },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'delete <id>',
        description: 'delete a workspace and its environments',
        run: async ({ client }, [id]: [string]) =>
          (await client.request(DeleteWorkspaceDocument, { id })).deleteWorkspace,
        done: (w) => `Workspace ${w.name} deleted`,
      }),
    );
}

function envCommand(runtime: CliRuntime): Command {
  return new Command('env')
    .description('environments of a workspace')
    .addCommand(
      listCommand(runtime, {
        usage: 'list',
        description: 'environments of a workspace',
        options: (c) => c.requiredOption('--workspace <id>', 'the workspace'),
        page:
          ({ client }, _args: [], options: { workspace: string }) =>
          async (first, after) =>
            (await client.request(EnvironmentsDocument, { workspaceId: options.workspace, first, after }))
              .environments,
        columns: [
          { header: 'NAME', value: (e) => e.name },
          { header: 'ID', value: (e) => e.id },
          { header: 'DESCRIPTION', value: (e) => e.description },
          { header: 'AGE', value: (e) => age(e.createdAt) },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'create <name>',
        description: 'a new environment in a workspace',
        options: (c) =>
          c
            .requiredOption('--workspace <id>', 'the workspace it belongs to')
            .option('--description <text>', 'what it is for'),
        run: async ({ client }, [name]: [string], options: { workspace: string; description?: string }) =>
          (
            await client.request(CreateEnvironmentDocument, {
              input: { workspaceId: options.workspace, name, ...withDescription(options.description) },
            })
          ).createEnvironment,
        columns: [
          { header: 'NAME', value: (e) => e.name },
          { header: 'ID', value: (e) => e.id },
          { header: 'WORKSPACE', value: (e) => e.workspaceId },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'delete <id>',
        description: 'delete an environment',
        run: async ({ client }, [id]: [string]) =>
          (await client.request(DeleteEnvironmentDocument, { id })).deleteEnvironment,
        done: (e) => `Environment ${e.name} deleted`,
      }),
    );
}

/** `member` and `user` are one command: the people of the organization, their invitations and accounts. */
function memberCommand(runtime: CliRuntime): Command {
  return new Command('member')
    .alias('user')
    .description('members of the organization, invitations to it, and their accounts')
    .addCommand(
      listCommand(runtime, {
        usage: 'list',
        description: 'members of the organization and their roles',
        page:
          ({ client }) =>
          async (first, after) =>
            (await client.request(MembersDocument, { first, after })).members,
        columns: [
          { header: 'EMAIL', value: (m) => m.email },
          { header: 'NAME', value: (m) => m.displayName },
          { header: 'ROLE', value: (m) => m.role },
          { header: 'USER ID', value: (m) => m.userId },
          { header: 'JOINED', value: (m) => age(m.joinedAt) },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'invite <email>',
        description:
          'invite an address; the token (shown once) lets the invitee sign up with a password, or join with an account',
        options: (c) =>
          c.option(
            '--role <role>',
            'owner, admin, member or viewer (default: the organization’s default)',
            role('--role'),
          ),
        run: async ({ client }, [email]: [string], options: { role?: MemberRole }) =>
          (
            await client.request(InviteMemberDocument, {
              email,
              ...(options.role ? { role: options.role } : {}),
            })
          ).inviteMember,
        columns: [
          { header: 'EMAIL', value: (i) => i.invitation.email },
          { header: 'ROLE', value: (i) => i.invitation.role },
          { header: 'EXPIRES', value: (i) => i.invitation.expiresAt },
          { header: 'TOKEN (shown once)', value: (i) => i.token, whole: true },
        ],
        done: (i) =>
          `Give the token to ${i.invitation.email}: without an account they sign up with it (signUpWithInvitation), with one they join (acceptInvitation)`,
      }),
    )
    .addCommand(
      listCommand(runtime, {
        usage: 'invitations',
        description: 'invitations to the organization',
        options: (c) => c.option('--pending', 'only invitations not yet accepted'),
        page:
          ({ client }, _args: [], options: { pending?: boolean }) =>
          async (first, after) =>
            (
              await client.request(InvitationsDocument, {
                first,
                after,
                filter: options.pending ? { pendingOnly: true } : {},
              })
            ).invitations,
        columns: [
          { header: 'EMAIL', value: (i) => i.email },
          { header: 'ROLE', value: (i) => i.role },
          { header: 'STATUS', value: (i) => i.status, style: statusStyle },
          { header: 'ID', value: (i) => i.id },
          { header: 'EXPIRES', value: (i) => i.expiresAt },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'revoke-invitation <id>',
        description: 'an invitation stops working',
        run: async ({ client }, [id]: [string]) =>
          (await client.request(RevokeInvitationDocument, { id })).revokeInvitation,
        done: (i) => `Invitation of ${i.email} revoked`,
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'set-role <user> <role>',
        description: 'change the role of a member (by user id or e-mail)',
        run: async ({ client }, [user, value]: [string, string]) =>
          (
            await client.request(ChangeMemberRoleDocument, {
              userId: (await resolveMember(client, user)).userId,
              role: role('<role>')(value),
            })
          ).changeMemberRole,
        done: (m) => `${m.email} is now ${m.role}`,
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'remove <user>',
        description: 'remove a member from the organization (by user id or e-mail)',
        run: async ({ client }, [user]: [string]) =>
          (await client.request(RemoveMemberDocument, { userId: (await resolveMember(client, user)).userId }))
            .removeMember,
        done: (m) => `${m.email} removed from the organization`,
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'disable <user>',
        description:
          'switch a member’s account off: sign-in refused, every session and API token ended (owners only)',
        run: async ({ client }, [user]: [string]) => {
          const member = await resolveMember(client, user);
          await client.request(DisableMemberDocument, { userId: member.userId });
          return member;
        },
        done: (m) => `${m.email} is disabled: it cannot sign in until \`meshplane user enable\``,
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'enable <user>',
        description: 'let a disabled member sign in again (owners only)',
        run: async ({ client }, [user]: [string]) => {
          const member = await resolveMember(client, user);
          await client.request(EnableMemberDocument, { userId: member.userId });
          return member;
        },
        done: (m) => `${m.email} may sign in again (its ended sessions and API tokens stay ended)`,
      }),
    );
}

function tokenCommand(runtime: CliRuntime): Command {
  return new Command('token')
    .description('API tokens (for scripts and CI: `meshplane login --token-stdin`)')
    .addCommand(
      listCommand(runtime, {
        usage: 'list',
        description: 'API tokens of the organization',
        page:
          ({ client }) =>
          async (first, after) =>
            (await client.request(ApiTokensDocument, { first, after })).apiTokens,
        columns: [
          { header: 'NAME', value: (t) => t.name },
          { header: 'ID', value: (t) => t.id },
          { header: 'ROLE', value: (t) => t.role },
          { header: 'EXPIRES', value: (t) => t.expiresAt },
          { header: 'STATE', value: (t) => (t.revokedAt ? 'REVOKED' : 'active'), style: statusStyle },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'create <name>',
        description: 'a new API token; its secret is shown once',
        options: (c) =>
          c
            .requiredOption(
              '--role <role>',
              'the most it grants: owner, admin, member or viewer',
              role('--role'),
            )
            .option('--days <n>', 'lifetime in days (1 to 365)', positiveInt('--days'), 30),
        run: async ({ client }, [name]: [string], options: { role: ApiTokenRole; days: number }) =>
          (
            await client.request(CreateApiTokenDocument, {
              input: { name, role: options.role, expiresInDays: options.days },
            })
          ).createApiToken,
        columns: [
          { header: 'NAME', value: (t) => t.apiToken.name },
          { header: 'ID', value: (t) => t.apiToken.id },
          { header: 'EXPIRES', value: (t) => t.apiToken.expiresAt },
          { header: 'TOKEN (shown once)', value: (t) => t.token, whole: true },
        ],
      }),
    )
    .addCommand(
      mutationCommand(runtime, {
        usage: 'revoke <id>',
        description: 'the token stops working',
        run: async ({ client }, [id]: [string]) =>
          (await client.request(RevokeApiTokenDocument, { id })).revokeApiToken,
        done: (t) => `API token ${t.name} revoked`,
      }),
    );
}
