/**
 * The OpenAPI 3.1 document of the API, built from the same zod schemas the routes validate with,
 * so a request schema cannot drift from the reference.
 */
import { z } from 'zod';
import { accountCreateBody, accountEditBody, accountListQuery } from '../routes/accounts.js';
import { shareBody } from '../routes/account-access.js';
import { auditQuery } from '../routes/audit.js';
import { secondFactorBody, signInBody } from '../routes/auth.js';
import { check, checkQuery } from '../routes/decisions.js';
import { mintBody } from '../routes/embed.js';
import { groupCreateBody, groupEditBody } from '../routes/groups.js';
import { startBody } from '../routes/impersonation.js';
import { roleBody } from '../routes/roles.js';
import { settingsBody } from '../routes/settings.js';
import { codeBody } from '../routes/totp.js';
import { candidateQuery, rolesBody, userCreateBody, userEditBody, userListQuery } from '../routes/users.js';
import { fields } from '../validation.js';

type Auth = 'session' | 'none' | 'api-key';
interface Op {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag: string;
  summary: string;
  auth?: Auth;
  body?: z.ZodType;
  query?: z.ZodType;
  /** success status and what it returns */
  ok?: [number, string];
}

const OPS: Op[] = [
  { method: 'post', path: '/api/auth/sign-in', tag: 'Sign-in', summary: 'Sign in with username or email and password. Answers the second factor owed, or signs in (Set-Cookie).', auth: 'none', body: signInBody, ok: [200, '{status: "second-factor", attempt, channel} or {status: "signed-in"}'] },
  { method: 'post', path: '/api/auth/second-factor', tag: 'Sign-in', summary: 'Send the one-time code (email, SMS or TOTP) of a sign-in attempt.', auth: 'none', body: secondFactorBody, ok: [200, '{status: "signed-in"} and Set-Cookie'] },
  { method: 'post', path: '/api/auth/sign-out', tag: 'Sign-in', summary: 'End the current session.', ok: [204, 'Signed out'] },
  { method: 'post', path: '/api/auth/totp', tag: 'Sign-in', summary: 'Start enrolling an authenticator app (never while impersonating).', ok: [201, '{secret, uri}'] },
  { method: 'post', path: '/api/auth/totp/confirm', tag: 'Sign-in', summary: 'Confirm the enrolment with a first code.', body: codeBody, ok: [200, '{totp: true}'] },
  { method: 'post', path: '/api/auth/totp/disable', tag: 'Sign-in', summary: 'Remove the authenticator, proving it with a code.', body: codeBody, ok: [200, '{totp: false}'] },
  { method: 'get', path: '/api/session', tag: 'Session', summary: 'The session context: partner, actor, subject, mode, since, CSRF token, the policy in brief.', ok: [200, 'SessionView'] },
  { method: 'post', path: '/api/embed-tokens', tag: 'Session', summary: 'Mint a short-lived embed token for a user and an allow-listed origin (Authorization: Bearer <partner API key>).', auth: 'api-key', body: mintBody, ok: [201, '{token, expiresAt}'] },
  { method: 'get', path: '/api/users', tag: 'Users', summary: 'List the operators and members the viewer may see, with the viewer\'s decision for each row action the policy has and (create) on adding a user of the listed kind and account.', query: userListQuery, ok: [200, '{items: UserView[], total, create: Decision}'] },
  { method: 'post', path: '/api/users', tag: 'Users', summary: 'Add an operator or invite a member; the initial password goes to the notifier.', body: userCreateBody, ok: [201, 'UserView'] },
  { method: 'get', path: '/api/users/{id}', tag: 'Users', summary: 'One user.', ok: [200, 'UserView'] },
  { method: 'patch', path: '/api/users/{id}', tag: 'Users', summary: 'Edit names or email (email never while impersonating).', body: userEditBody, ok: [200, 'UserView'] },
  { method: 'delete', path: '/api/users/{id}', tag: 'Users', summary: 'Remove a user completely; their sessions and tokens end.', ok: [204, 'Deleted'] },
  { method: 'put', path: '/api/users/{id}/roles', tag: 'Users', summary: 'Replace the user\'s roles (or level).', body: rolesBody, ok: [200, 'UserView'] },
  ...(['block', 'disable', 'enable', 'unlock', 'activate', 'reset-password'] as const).map(
    (a): Op => ({ method: 'post', path: `/api/users/{id}/${a}`, tag: 'Users', summary: `${a[0]!.toUpperCase()}${a.slice(1).replace('-', ' ')} the user.`, ok: [200, 'UserView'] }),
  ),
  { method: 'get', path: '/api/users/{id}/assignable-roles', tag: 'Users', summary: 'The roles the viewer may give this user, each with its decision.', ok: [200, 'RoleOption[]'] },
  { method: 'post', path: '/api/users/{id}/role-diff', tag: 'Users', summary: 'What a role change would add and remove.', body: rolesBody, ok: [200, '{gained, lost}'] },
  { method: 'get', path: '/api/assignable-roles', tag: 'Users', summary: 'The roles the viewer may give a new user.', query: candidateQuery, ok: [200, 'RoleOption[]'] },
  { method: 'get', path: '/api/accounts', tag: 'Accounts', summary: 'Client accounts the viewer may see.', query: accountListQuery, ok: [200, '{items: AccountView[], total}'] },
  { method: 'post', path: '/api/accounts', tag: 'Accounts', summary: 'Create an account, optionally from a template.', body: accountCreateBody, ok: [201, 'AccountView'] },
  { method: 'get', path: '/api/accounts/{id}', tag: 'Accounts', summary: 'One account.', ok: [200, 'AccountView'] },
  { method: 'patch', path: '/api/accounts/{id}', tag: 'Accounts', summary: 'Rename, or set the secure / setupCompleted / template flags.', body: accountEditBody, ok: [200, 'AccountView'] },
  { method: 'get', path: '/api/accounts/{id}/shares', tag: 'Sharing', summary: 'Shares, the rights the viewer may share at, users\' effective rights, sign-in modes.', ok: [200, 'SharesView'] },
  { method: 'put', path: '/api/accounts/{id}/shares/{groupId}', tag: 'Sharing', summary: 'Share the account with a group at a right.', body: shareBody, ok: [200, '{group, right}'] },
  { method: 'delete', path: '/api/accounts/{id}/shares/{groupId}', tag: 'Sharing', summary: 'Stop sharing the account with a group.', ok: [204, 'Unshared'] },
  { method: 'get', path: '/api/accounts/{id}/assignments', tag: 'Sharing', summary: 'Consultants assigned to the account.', ok: [200, '{users}'] },
  { method: 'put', path: '/api/accounts/{id}/assignments/{userId}', tag: 'Sharing', summary: 'Assign a consultant.', ok: [200, '{user, account}'] },
  { method: 'delete', path: '/api/accounts/{id}/assignments/{userId}', tag: 'Sharing', summary: 'Unassign a consultant.', ok: [204, 'Unassigned'] },
  { method: 'get', path: '/api/groups', tag: 'Groups', summary: 'Groups of users.', ok: [200, '{items: GroupView[], total}'] },
  { method: 'post', path: '/api/groups', tag: 'Groups', summary: 'Create a group.', body: groupCreateBody, ok: [201, 'GroupView'] },
  { method: 'put', path: '/api/groups/{id}', tag: 'Groups', summary: 'Rename a group or replace its members (its shares stay).', body: groupEditBody, ok: [200, 'GroupView'] },
  { method: 'delete', path: '/api/groups/{id}', tag: 'Groups', summary: 'Delete a group and its shares.', ok: [204, 'Deleted'] },
  { method: 'get', path: '/api/settings', tag: 'Partner', summary: 'The partner settings the policy defines.', ok: [200, '{settings}'] },
  { method: 'patch', path: '/api/settings', tag: 'Partner', summary: 'Change settings (e.g. lead visibility by role).', body: settingsBody, ok: [200, '{settings}'] },
  { method: 'get', path: '/api/roles', tag: 'Partner', summary: 'Custom roles and the permissions they can be built from.', ok: [200, '{kind, items, permissions}'] },
  { method: 'post', path: '/api/roles', tag: 'Partner', summary: 'Create a custom role (never beyond what the creator holds).', body: roleBody, ok: [201, 'CustomRole'] },
  { method: 'delete', path: '/api/roles/{id}', tag: 'Partner', summary: 'Delete a custom role; its holders lose it.', ok: [204, 'Deleted'] },
  { method: 'post', path: '/api/impersonation', tag: 'Impersonation', summary: 'Log in as a user or sign in to an account at a mode: a new session id, the old one ends.', body: startBody, ok: [200, 'SessionView'] },
  { method: 'delete', path: '/api/impersonation', tag: 'Impersonation', summary: 'Sign out as: back to the actor\'s own session, under a new id.', ok: [200, 'SessionView'] },
  { method: 'post', path: '/api/check', tag: 'Decisions', summary: 'May the session (or another user it may see) do an action on a target? With the reasons.', body: check, ok: [200, 'Decision'] },
  { method: 'get', path: '/api/check', tag: 'Decisions', summary: 'The same check as a GET: target ids and `for` (someone else) in the query.', query: checkQuery, ok: [200, 'Decision'] },
  { method: 'post', path: '/api/check/batch', tag: 'Decisions', summary: 'Up to 1,000 checks at once, answered in order.', body: z.strictObject({ checks: z.array(check).min(1).max(1000) }), ok: [200, '{results: Decision[]}'] },
  { method: 'get', path: '/api/rights', tag: 'Decisions', summary: 'Every account and partner action decided for the session on an account.', query: z.strictObject({ account: fields.id.optional() }), ok: [200, 'RightEntry[]'] },
  { method: 'get', path: '/api/permissions.csv', tag: 'Decisions', summary: 'The policy\'s roles × actions table as CSV (O8).', ok: [200, 'text/csv'] },
  { method: 'get', path: '/api/audit', tag: 'Audit', summary: 'The audit log, newest first; target=account:ID gives an account\'s activity history.', query: auditQuery, ok: [200, '{items: AuditEntry[], total}'] },
  { method: 'post', path: '/api/test/clock', tag: 'Testing', summary: 'Move the server clock (only with --test-clock).', auth: 'none', body: z.strictObject({ advanceMs: z.number().int().min(0) }), ok: [200, '{now}'] },
];

const schema = (s: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorResponse = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

function operation(op: Op) {
  const params: object[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (op.query) {
    const q = schema(op.query) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, s] of Object.entries(q.properties ?? {})) params.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: s });
  }
  const [status, description] = op.ok ?? [200, 'OK'];
  const auth = op.auth ?? 'session';
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body) } } } } : {}),
    security: auth === 'none' ? [] : auth === 'api-key' ? [{ partnerApiKey: [] }] : [{ sessionCookie: [], csrf: [] }, { embedToken: [] }],
    responses: { [status]: { description }, '4XX': errorResponse },
  };
}

/** The OpenAPI document served at `/api/openapi.json`. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Deputy API',
      version: '0.1.0',
      description: 'Partner portals and delegated administration. Every route asks the permission core; refusals carry the core\'s reasons with a sentence each (`text`).',
    },
    paths,
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'deputy_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-Deputy-CSRF', description: 'From GET /api/session; on every non-GET request of a cookie session.' },
        embedToken: { type: 'http', scheme: 'bearer', description: 'Embed token from POST /api/embed-tokens, usable only from its origin.' },
        partnerApiKey: { type: 'http', scheme: 'bearer', description: 'The partner API key (server to server only).' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { enum: ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'locked', 'too_large', 'unsupported_media_type', 'internal'] },
                message: { type: 'string' },
                field: { type: 'string' },
                reasons: { type: 'array', items: { type: 'object' } },
              },
            },
          },
        },
      },
    },
  };
}
