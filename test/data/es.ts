import type { Case } from './case.js';
export const ES: Case[] = [];
