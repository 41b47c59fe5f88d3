/** PostgreSQL's unique_violation (23505), as postgres.js raises it directly or drizzle wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
