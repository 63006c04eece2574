import type { Case } from './case.js';
export const FR: Case[] = [];
