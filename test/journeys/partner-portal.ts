import type { World } from './world.ts';

export function partnerPortalJourneys(_w: World): void {}
