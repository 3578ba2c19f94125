import type { World } from './world.ts';

export function integratorPortalJourneys(_w: World): void {}
