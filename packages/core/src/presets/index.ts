import type { Policy } from '../policy.js';
import { clientSharing } from './client-sharing.js';
import { integratorPortal } from './integrator-portal.js';
import { memberPortal } from './member-portal.js';
import { operatorPortal } from './operator-portal.js';
import { partnerPortal } from './partner-portal.js';

/** The five portals Deputy reproduces, by id. */
export const presets = {
  'operator-portal': operatorPortal,
  'member-portal': memberPortal,
  'partner-portal': partnerPortal,
  'integrator-portal': integratorPortal,
  'client-sharing': clientSharing,
} satisfies Record<string, Policy>;

export type PresetId = keyof typeof presets;

export { clientSharing, integratorPortal, memberPortal, operatorPortal, partnerPortal };
