/**
 * Deputy's permission core: the policy format, the five presets, and one pure evaluator that the
 * server, the widgets and the extension all use. No I/O, no DOM, no Node APIs.
 */
export * from './policy.js';
export * from './state.js';
export * from './reasons.js';
export { compilePolicy, expandSecureVariants, secureId, withCustomRoles } from './compile.js';
export type { CompiledAction, CompiledGrant, CompiledPolicy, CompiledRole } from './compile.js';
export { decide, outranks } from './decide.js';
export type { Target } from './decide.js';
export { bindSession } from './session.js';
export type { Session, SessionBinding } from './session.js';
export { effectiveRight, effectiveRights } from './rights.js';
export type { RightEntry } from './rights.js';
export { canImpersonate, startImpersonation, stopImpersonation } from './impersonation.js';
export type { ImpersonationDecision } from './impersonation.js';
export { assignableRoles, roleChangeDiff, roleRefusal, roleSetProblem, shareableRights } from './delegation.js';
export type { AssignTarget, HeldRight, RoleOption } from './delegation.js';
export { permissionTable, permissionTableCsv } from './table.js';
export type { PermissionTable } from './table.js';
export { presets } from './presets/index.js';
export type { PresetId } from './presets/index.js';
export { labelsOf } from './labels.js';
