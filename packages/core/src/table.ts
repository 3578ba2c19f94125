import type { CompiledPolicy } from './compile.js';

/** The policy's roles × actions: each cell says on which scope, under which conditions, or is empty. */
export interface PermissionTable {
  roles: Array<{ id: string; label: string }>;
  actions: Array<{ id: string; area: string; label: string }>;
  /** cells[role][action] */
  cells: string[][];
}

/** Build the action-by-action permission table of a policy (O8). */
export function permissionTable(cp: CompiledPolicy): PermissionTable {
  const actions = [...cp.actions.values()].map((a) => ({ id: a.id, area: a.def.area, label: a.def.label }));
  const roles = [...cp.roles.values()];
  const cells = roles.map((role) =>
    actions.map((action) =>
      (role.byAction.get(action.id) ?? [])
        .map((g) => {
          const conditions = (g.when ?? []).map((c) => JSON.stringify(c)).join(' ');
          const cap = role.cap === 'admin+settings' ? '' : ` up to ${role.cap}`;
          return `${g.scope}${cap}${conditions ? ` when ${conditions}` : ''}`;
        })
        .join('; '),
    ),
  );
  return { roles: roles.map((r) => ({ id: r.id, label: r.def.label })), actions, cells };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The permission table as CSV: one row per role, one column per action (area: label). */
export function permissionTableCsv(table: PermissionTable): string {
  const header = ['Role', ...table.actions.map((a) => `${a.area}: ${a.label}`)];
  const rows = table.roles.map((role, i) => [role.label, ...table.cells[i]!]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
