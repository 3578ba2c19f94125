// Typecheck-time contract: the client's hand-written response types must accept what the server's
// routes (AppType, through hono/client's inference) answer. A drift fails `pnpm typecheck`; nothing
// here reaches the bundle. The client itself stays a plain fetch wrapper to keep the widgets small.
import type { AppType } from '@deputy/server';
import type { hc, InferResponseType } from 'hono/client';
import type { GroupView, HeldRight, Page, RoleOption, SessionView, SharesView, SwitchedSession, UserPage, UserView } from '../src/types.js';

type Api = ReturnType<typeof hc<AppType>>['api'];
type Ok<T> = InferResponseType<T, 200>;

export const contract = {
  session: (s: Ok<Api['session']['$get']>): SessionView => s,
  users: (s: Ok<Api['users']['$get']>): UserPage => s,
  user: (s: Ok<Api['users'][':id']['$get']>): UserView => s,
  created: (s: InferResponseType<Api['users']['$post'], 201>): UserView => s,
  assignable: (s: Ok<Api['users'][':id']['assignable-roles']['$get']>): RoleOption[] => s,
  newUserRoles: (s: Ok<Api['assignable-roles']['$get']>): RoleOption[] => s,
  roleDiff: (s: Ok<Api['users'][':id']['role-diff']['$post']>): { gained: HeldRight[]; lost: HeldRight[] } => s,
  shares: (s: Ok<Api['accounts'][':id']['shares']['$get']>): SharesView => s,
  groups: (s: Ok<Api['groups']['$get']>): Page<GroupView> => s,
  impersonation: (s: Ok<Api['impersonation']['$post']>): SwitchedSession => s,
  signOutAs: (s: Ok<Api['impersonation']['$delete']>): SwitchedSession => s,
};
