import { TRPCError } from '@trpc/server';
import { z } from 'zod';

/** The input of a paged listing: how many, and where the previous page ended. */
export const pageInputSchema = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

/** A page of `item`s, with the cursor of the next page when there is one. */
export const pageOf = <TItem extends z.ZodType>(item: TItem) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

/** Reads a cursor this API gave out; BAD_REQUEST for anything else. */
export function decodeCursor(
  cursor: string | undefined,
): { createdAt: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split('|');
  const at = Number(createdAt);
  if (!Number.isSafeInteger(at) || id === undefined || id === '') {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'cursor is not one this API gave out.',
    });
  }
  return { createdAt: at, id };
}

/** The cursor after `record`, the last of a page. */
export const encodeCursor = (record: { createdAt: number; id: string }) =>
  Buffer.from(`${record.createdAt}|${record.id}`, 'utf8').toString('base64url');

/** Cuts a page from `limit + 1` records (newest first), with the next cursor when more remain. */
export function toPage<TRecord extends { createdAt: number; id: string }>(
  records: TRecord[],
  limit: number,
): { items: TRecord[]; nextCursor?: string } {
  const items = records.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      records.length > limit && last !== undefined
        ? encodeCursor(last)
        : undefined,
  };
}
