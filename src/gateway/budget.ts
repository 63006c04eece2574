// Budgets, checked before any upstream is called: characters per UTC day and month, money per UTC
// month (each upstream's price per million characters). Counted from the usage table, so replicas
// sharing a PostgreSQL database share the budget.
import { ApiError } from '../server/errors.js';
import type { ClientKey, GatewayStore } from './store/types.js';

export const startOfDay = (now: Date) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
export const startOfMonth = (now: Date) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);

const quota = (what: string) => new ApiError(429, `You exceeded your current quota (${what}). Ask the server's operator to raise this key's budget.`, { type: 'insufficient_quota', code: 'insufficient_quota' });

/** Throws 429 insufficient_quota when serving `characters` more (at worst `maxCost`) would pass a budget. */
export async function checkBudget(store: GatewayStore, key: ClientKey, characters: number, maxCost: number, now = new Date()): Promise<void> {
  if (key.charsPerDay === null && key.charsPerMonth === null && key.moneyPerMonth === null) return;
  if (key.charsPerDay !== null) {
    const day = await store.spentSince(key.id, startOfDay(now));
    if (day.characters + characters > key.charsPerDay) throw quota(`${key.charsPerDay} characters a day`);
  }
  if (key.charsPerMonth !== null || key.moneyPerMonth !== null) {
    const month = await store.spentSince(key.id, startOfMonth(now));
    if (key.charsPerMonth !== null && month.characters + characters > key.charsPerMonth) throw quota(`${key.charsPerMonth} characters a month`);
    if (key.moneyPerMonth !== null && month.cost + maxCost > key.moneyPerMonth) throw quota(`$${key.moneyPerMonth} a month`);
  }
}
