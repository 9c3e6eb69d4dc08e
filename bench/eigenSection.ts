// (stub, being written)

/** Bench section (stub). */
export async function benchEigen(): Promise<Record<string, unknown>> {
  return {};
}
