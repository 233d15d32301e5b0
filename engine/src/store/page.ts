import type { Collection, Document, Filter, Sort } from 'mongodb';

/**
 * One page of a query and the total it belongs to. A page that is not full tells the total by
 * itself (everything before it plus what it holds), so the count is only asked for when the page is
 * full or lies past the end.
 */
export async function findPage<T extends Document>(collection: Collection<T>, filter: Filter<T>, sort: Sort, page: { limit: number; offset: number }): Promise<{ docs: T[]; total: number }> {
  const docs = (await collection.find(filter).sort(sort).skip(page.offset).limit(page.limit).toArray()) as T[];
  const known = docs.length < page.limit && (docs.length > 0 || page.offset === 0);
  return { docs, total: known ? page.offset + docs.length : await collection.countDocuments(filter) };
}
