// (stub, being written)

/** Bench section (stub). */
export async function benchSgd(): Promise<Record<string, unknown>> {
  return {};
}
