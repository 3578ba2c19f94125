import type { CompiledPolicy } from './compile.js';
import type { Labels } from './reasons.js';

/** Readable names of a policy's roles and actions, for `describeReason`. */
export function labelsOf(cp: CompiledPolicy): Labels {
  return {
    role: (id) => cp.roles.get(id)?.def.label ?? id,
    action: (id) => cp.actions.get(id)?.def.label ?? id,
  };
}
