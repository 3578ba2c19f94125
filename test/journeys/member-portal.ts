import type { World } from './world.ts';

export function memberPortalJourneys(_w: World): void {}
